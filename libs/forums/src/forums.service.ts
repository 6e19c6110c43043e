import { Injectable, NotFoundException } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { AuthUser, Page } from '@agora/platform';
import { User } from '@agora/identity';
import { ForumView } from './dto/forums.dto';
import { ForumFollow } from './forum-follow.entity';
import { Forum } from './forum.entity';

@Injectable()
export class ForumsService {
  constructor(private readonly em: EntityManager) {}

  /** The six forums fit on one page; the list shape is kept for consistency with every other list. */
  async list(user: AuthUser): Promise<Page<ForumView>> {
    const [forums, follows] = await Promise.all([
      this.em.find(Forum, {}, { orderBy: { position: 'asc' } }),
      this.em.find(ForumFollow, { user: user.id }),
    ]);
    const followed = new Set(follows.map((follow) => follow.forum.id));
    return { items: forums.map((forum) => toForumView(forum, followed.has(forum.id))), nextCursor: null };
  }

  async getBySlug(slug: string): Promise<Forum> {
    const forum = await this.em.findOne(Forum, { slug });
    if (!forum) throw new NotFoundException(`No forum with slug "${slug}"`);
    return forum;
  }

  async view(user: AuthUser, slug: string): Promise<ForumView> {
    const forum = await this.getBySlug(slug);
    return toForumView(forum, (await this.em.count(ForumFollow, { user: user.id, forum })) > 0);
  }

  /** Idempotent: following twice is following. */
  async follow(user: AuthUser, slug: string): Promise<ForumView> {
    const forum = await this.getBySlug(slug);
    await this.em
      .createQueryBuilder(ForumFollow)
      .insert(new ForumFollow(this.em.getReference(User, user.id), forum))
      .onConflict(['user_id', 'forum_id'])
      .ignore()
      .execute();
    return toForumView(forum, true);
  }

  async unfollow(user: AuthUser, slug: string): Promise<void> {
    const forum = await this.getBySlug(slug);
    await this.em.nativeDelete(ForumFollow, { user: user.id, forum });
  }

  /** Ids of the users following a forum (the digest context reads this). */
  async followerIds(forumId: string): Promise<string[]> {
    const follows = await this.em.find(ForumFollow, { forum: forumId }, { fields: ['user'] });
    return follows.map((follow) => follow.user.id);
  }
}

function toForumView(forum: Forum, following: boolean): ForumView {
  return { id: forum.id, slug: forum.slug, name: forum.name, description: forum.description, following };
}
