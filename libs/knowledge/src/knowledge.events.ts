/** Domain events this context publishes, after the change is committed. */
export const KnowledgeEvents = {
  PostPublished: 'knowledge.post-published',
} as const;

/** Ids only: listeners (the digest) read what they need through PostsService. */
export interface PostPublishedEvent {
  postId: string;
}
