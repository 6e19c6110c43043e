import { Injectable, NotFoundException } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { AuthUser, Page, Refreshed, runSql } from '@agora/platform';
import { User } from '@agora/identity';
import { ForumView } from './dto/forums.dto';
import { ForumFollow } from './forum-follow.entity';
import { Forum } from './forum.entity';
import { forumForUser, forumLabels, ForumRow, forumsForUser } from './forums.queries';

const LABELS_TTL_MS = 60_000;

/** A forum as other contexts label their rows with it. */
export interface ForumLabel {
  id: string;
  slug: string;
  name: string;
}

@Injectable()
export class ForumsService {
  private readonly cachedLabels = new Refreshed(LABELS_TTL_MS, async () => {
    const rows = await runSql<ForumLabel>(this.em, forumLabels);
    return new Map(rows.map((row) => [row.id, row]));
  });

  constructor(private readonly em: EntityManager) {}

  /** The six forums fit on one page; the list shape is kept for consistency with every other list. */
  async list(user: AuthUser): Promise<Page<ForumView>> {
    return { items: await runSql<ForumRow>(this.em, forumsForUser(user.id)), nextCursor: null };
  }

  async getBySlug(slug: string): Promise<Forum> {
    const forum = await this.em.findOne(Forum, { slug });
    if (!forum) throw new NotFoundException(`No forum with slug "${slug}"`);
    return forum;
  }

  async view(user: AuthUser, slug: string): Promise<ForumView> {
    const [forum] = await runSql<ForumRow>(this.em, forumForUser(user.id, slug));
    if (!forum) throw new NotFoundException(`No forum with slug "${slug}"`);
    return forum;
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

  /** The forums a user follows (ids). */
  async followedForumIds(userId: string): Promise<string[]> {
    const follows = await this.em.find(ForumFollow, { user: userId }, { fields: ['forum'] });
    return follows.map((follow) => follow.forum.id);
  }

  /** The forums each of these users follows (one query for all of them). */
  async followsOf(userIds: string[]): Promise<Map<string, string[]>> {
    const follows = userIds.length ? await this.em.find(ForumFollow, { user: { $in: userIds } }, { fields: ['user', 'forum'] }) : [];
    const byUser = new Map<string, string[]>();
    for (const follow of follows) byUser.set(follow.user.id, [...(byUser.get(follow.user.id) ?? []), follow.forum.id]);
    return byUser;
  }

  /** All six forums, by id (reference data for views in the contexts above). */
  async byId(): Promise<Map<string, Forum>> {
    return new Map((await this.em.find(Forum, {})).map((forum) => [forum.id, forum]));
  }

  /**
   * The forums' ids, slugs and names, kept in memory for a minute: they are seeded reference data
   * that no endpoint changes, and hot paths (every search) label their rows with them.
   */
  labels(): Promise<ReadonlyMap<string, ForumLabel>> {
    return this.cachedLabels.get();
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
