import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { AuthUser, runSql } from '@agora/platform';
import { ForumsService, WorkingGroupsService } from '@agora/forums';
import { threadReaders, threadScope, unreadCounts, UnreadRow } from './discussions.queries';
import { UnreadView } from './dto/discussions.dto';

@Injectable()
export class UnreadService {
  constructor(
    private readonly em: EntityManager,
    private readonly forums: ForumsService,
    private readonly groups: WorkingGroupsService,
  ) {}

  /**
   * The users whose unread counts a change in this thread may move: those the counts below
   * cover (the forum's followers for a forum thread, the group's active members for a group
   * thread) and whoever has read in it.
   */
  async audienceOf(threadId: string): Promise<string[]> {
    const [thread] = await runSql<{ forumId: string; workingGroupId: string | null }>(this.em, threadScope(threadId));
    if (!thread) return [];
    const [followers, readers] = await Promise.all([
      thread.workingGroupId ? this.groups.activeMemberIds(thread.workingGroupId) : this.forums.followerIds(thread.forumId),
      runSql<{ userId: string }>(this.em, threadReaders(threadId)),
    ]);
    return [...new Set([...followers, ...readers.map((row) => row.userId)])];
  }

  /**
   * Unread messages (by others, not deleted) per thread and per forum, over the threads the user
   * follows: those of the forums they follow, of the groups they are active in, and any thread
   * they have read in. Only threads with something unread are listed.
   */
  async forUser(user: AuthUser): Promise<UnreadView> {
    const [forumIds, groupIds, forums] = await Promise.all([
      this.forums.followedForumIds(user.id),
      this.groups.activeGroupIds(user.id),
      this.forums.byId(),
    ]);
    const rows = await runSql<UnreadRow>(this.em, unreadCounts(user.id, forumIds, groupIds));
    const perForum = new Map<string, number>();
    for (const row of rows) perForum.set(row.forumId, (perForum.get(row.forumId) ?? 0) + row.unread);
    const slugOf = (forumId: string) => forums.get(forumId)?.slug ?? forumId;
    return {
      threads: rows.map((row) => ({
        threadId: row.threadId,
        forum: slugOf(row.forumId),
        workingGroupId: row.workingGroupId,
        unread: row.unread,
      })),
      forums: [...perForum].map(([forumId, unread]) => ({ forum: slugOf(forumId), unread })),
    };
  }
}
