export { Post } from './post.entity';
export { PostRevision } from './post-revision.entity';
export { PostTranslation } from './post-translation.entity';
