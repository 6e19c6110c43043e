import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { AuthUser, pgArray } from '@agora/platform';
import { ForumsService, WorkingGroupsService } from '@agora/forums';
import { UnreadView } from './dto/discussions.dto';

interface UnreadRow {
  threadId: string;
  forumId: string;
  workingGroupId: string | null;
  unread: number;
}

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
    const [thread] = await this.em.execute<{ forumId: string; workingGroupId: string | null }[]>(
      `select forum_id as "forumId", working_group_id as "workingGroupId" from thread where id = ?`,
      [threadId],
    );
    if (!thread) return [];
    const [followers, readers] = await Promise.all([
      thread.workingGroupId ? this.groups.activeMemberIds(thread.workingGroupId) : this.forums.followerIds(thread.forumId),
      this.em.execute<{ userId: string }[]>(`select user_id as "userId" from read_position where thread_id = ?`, [threadId]),
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
    const rows = await this.em.execute<UnreadRow[]>(
      `select * from (
         select t.id as "threadId", t.forum_id as "forumId", t.working_group_id as "workingGroupId",
                (select count(*)::int from message m
                  where m.thread_id = t.id and m.seq > coalesce(rp.seq, 0) and m.deleted_at is null and m.author_id <> ?) as unread
           from thread t
           left join read_position rp on rp.thread_id = t.id and rp.user_id = ?
          where (t.working_group_id is null and (t.forum_id = any(?::uuid[]) or rp.user_id is not null))
             or t.working_group_id = any(?::uuid[])
       ) counted
       where unread > 0
       order by "threadId"`,
      [user.id, user.id, pgArray(forumIds), pgArray(groupIds)],
    );
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
