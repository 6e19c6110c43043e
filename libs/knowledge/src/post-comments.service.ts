import { ConflictException, Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { AuthUser } from '@agora/platform';
import { MessagesService, MessageView, SendMessageDto, ThreadsService, ThreadView } from '@agora/discussions';
import { Post } from './post.entity';
import { PostsService } from './posts.service';

/**
 * Comments on a best practice are a discussion thread in the post's forum (or working group):
 * the same live room, unread counts, mentions and digest as any thread. The first comment opens it.
 */
@Injectable()
export class PostCommentsService {
  constructor(
    private readonly em: EntityManager,
    private readonly posts: PostsService,
    private readonly threads: ThreadsService,
    private readonly messages: MessagesService,
  ) {}

  /** The comments' thread, or null while nobody has commented; 404 when the post is not visible. */
  async thread(user: AuthUser, postId: string): Promise<ThreadView | null> {
    await this.posts.view(user, postId);
    const post = await this.em.findOneOrFail(Post, { id: postId });
    return post.threadId ? this.threads.view(user, post.threadId) : null;
  }

  async comment(user: AuthUser, postId: string, dto: SendMessageDto): Promise<MessageView> {
    const view = await this.posts.view(user, postId);
    if (view.status !== 'published') throw new ConflictException('Comments open once the post is published');
    const post = await this.em.findOneOrFail(Post, { id: postId }, { populate: ['forum', 'workingGroup'] });
    if (!post.threadId) {
      const opening = { title: `Comments: ${post.title}`.slice(0, 200), body: dto.body, clientMsgId: dto.clientMsgId };
      const thread = post.workingGroup
        ? await this.threads.createInGroup(user, post.workingGroup.id, opening)
        : await this.threads.createInForum(user, post.forum.slug, opening);
      // Two first comments at once: one thread wins, the other is discarded and its comment re-posted.
      if (await this.em.nativeUpdate(Post, { id: postId, threadId: null }, { threadId: thread.id })) {
        return (await this.messages.list(user, thread.id, { afterSeq: 0, limit: 1 })).items[0];
      }
      await this.threads.discard(thread.id);
      await this.em.refresh(post);
    }
    return (await this.messages.send(user, post.threadId!, dto)).message;
  }
}
