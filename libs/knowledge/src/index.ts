export * from './dto/knowledge.dto';
export * from './knowledge.module';
export * from './languages';
export { Post } from './post.entity';
export { PostRevision } from './post-revision.entity';
export { PostTranslation } from './post-translation.entity';
export * from './posts.service';
export * from './posts.feed';
