import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { pgArray } from '@agora/platform';

/** Raw SQL gives timestamps as strings (MikroORM parses them itself), entities give Dates. */
const toDate = (value: Date | string): Date => new Date(value);
export interface ThreadActivity {
  threadId: string;
  title: string;
  forumId: string;
  workingGroupId: string | null;
  /** The messages of the window, oldest first. */
  messages: { seq: number; createdAt: Date; authorId: string }[];
  latest: { authorId: string; body: string; createdAt: Date };
}

export interface MentionActivity {
  userId: string;
  messageId: string;
  threadId: string;
  forumId: string;
  workingGroupId: string | null;
  threadTitle: string;
  seq: number;
  authorId: string;
  body: string;
  createdAt: Date;
}

/**
 * What happened in discussions, asked for many users at once (the digest composes thousands
 * of users with a handful of queries, never per user).
 */
@Injectable()
export class ActivityService {
  constructor(private readonly em: EntityManager) {}

  /** Threads of these forums (their own threads) and of these groups with messages in [since, until); null and null: of every scope. */
  async threadsActive(forumIds: string[] | null, groupIds: string[] | null, since: Date, until: Date): Promise<ThreadActivity[]> {
    // null, null: every scope (a caller that filters per reader itself).
    const everywhere = forumIds === null && groupIds === null;
    if (!everywhere && !forumIds?.length && !groupIds?.length) return [];
    const scope = `m.created_at >= ? and m.created_at < ? and m.deleted_at is null
      and (? or (t.working_group_id is null and t.forum_id = any(?::uuid[])) or t.working_group_id = any(?::uuid[]))`;
    const params = [since, until, everywhere, pgArray(forumIds ?? []), pgArray(groupIds ?? [])];
    const [messages, latest] = await Promise.all([
      this.em.execute<
        {
          threadId: string;
          title: string;
          forumId: string;
          workingGroupId: string | null;
          seq: number;
          createdAt: string;
          authorId: string;
        }[]
      >(
        `select t.id as "threadId", t.title, t.forum_id as "forumId", t.working_group_id as "workingGroupId",
                m.seq, m.created_at as "createdAt", m.author_id as "authorId"
           from message m join thread t on t.id = m.thread_id
          where ${scope}
          order by t.id, m.seq`,
        params,
      ),
      this.em.execute<{ threadId: string; authorId: string; body: string; createdAt: string }[]>(
        `select distinct on (m.thread_id) m.thread_id as "threadId", m.author_id as "authorId", left(m.body, 400) as body, m.created_at as "createdAt"
           from message m join thread t on t.id = m.thread_id
          where ${scope}
          order by m.thread_id, m.seq desc`,
        params,
      ),
    ]);
    const latestOf = new Map(latest.map((row) => [row.threadId, row]));
    const threads = new Map<string, ThreadActivity>();
    for (const row of messages) {
      let thread = threads.get(row.threadId);
      if (!thread) {
        const last = latestOf.get(row.threadId)!;
        thread = {
          threadId: row.threadId,
          title: row.title,
          forumId: row.forumId,
          workingGroupId: row.workingGroupId,
          messages: [],
          latest: { authorId: last.authorId, body: last.body, createdAt: toDate(last.createdAt) },
        };
        threads.set(row.threadId, thread);
      }
      thread.messages.push({ seq: row.seq, createdAt: toDate(row.createdAt), authorId: row.authorId });
    }
    return [...threads.values()];
  }

  /** How far each of these users has read in each of these threads: key `${userId} ${threadId}`. */
  async readPositions(userIds: string[], threadIds: string[]): Promise<Map<string, number>> {
    if (!userIds.length || !threadIds.length) return new Map();
    const rows = await this.em.execute<{ userId: string; threadId: string; seq: number }[]>(
      `select user_id as "userId", thread_id as "threadId", seq from read_position where user_id = any(?::uuid[]) and thread_id = any(?::uuid[])`,
      [pgArray(userIds), pgArray(threadIds)],
    );
    return new Map(rows.map((row) => [`${row.userId} ${row.threadId}`, row.seq]));
  }

  /** Mentions of these users in messages written in [since, until), not deleted. */
  async mentions(userIds: string[], since: Date, until: Date): Promise<MentionActivity[]> {
    if (!userIds.length) return [];
    const rows = await this.em.execute<(Omit<MentionActivity, 'createdAt'> & { createdAt: string })[]>(
      `select n.user_id as "userId", m.id as "messageId", t.id as "threadId", t.forum_id as "forumId", t.working_group_id as "workingGroupId",
              t.title as "threadTitle", m.seq,
              m.author_id as "authorId", left(m.body, 400) as body, m.created_at as "createdAt"
         from mention n join message m on m.id = n.message_id join thread t on t.id = m.thread_id
        where n.user_id = any(?::uuid[]) and m.created_at >= ? and m.created_at < ? and m.deleted_at is null
        order by m.created_at`,
      [pgArray(userIds), since, until],
    );
    return rows.map((row) => ({ ...row, createdAt: toDate(row.createdAt) }));
  }

  /** Where a thread lives (for the level of a mention: the group's if any, else the forum's). */
  async threadScope(threadId: string): Promise<{ forumId: string; workingGroupId: string | null } | null> {
    const [row] = await this.em.execute<{ forumId: string; workingGroupId: string | null }[]>(
      'select forum_id as "forumId", working_group_id as "workingGroupId" from thread where id = ?',
      [threadId],
    );
    return row ?? null;
  }
}
