import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { runSql } from '@agora/platform';
import {
  activeMessages,
  ActiveMessageRow,
  latestMessages,
  LatestMessageRow,
  mentionsOf,
  readPositions,
  threadScope,
} from './discussions.queries';

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
    if (!(forumIds === null && groupIds === null) && !forumIds?.length && !groupIds?.length) return [];
    const [messages, latest] = await Promise.all([
      runSql<ActiveMessageRow>(this.em, activeMessages(forumIds, groupIds, since, until)),
      runSql<LatestMessageRow>(this.em, latestMessages(forumIds, groupIds, since, until)),
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
          latest: { authorId: last.authorId, body: last.body, createdAt: last.createdAt },
        };
        threads.set(row.threadId, thread);
      }
      thread.messages.push({ seq: row.seq, createdAt: row.createdAt, authorId: row.authorId });
    }
    return [...threads.values()];
  }

  /** How far each of these users has read in each of these threads: key `${userId} ${threadId}`. */
  async readPositions(userIds: string[], threadIds: string[]): Promise<Map<string, number>> {
    if (!userIds.length || !threadIds.length) return new Map();
    const rows = await runSql<{ userId: string; threadId: string; seq: number }>(this.em, readPositions(userIds, threadIds));
    return new Map(rows.map((row) => [`${row.userId} ${row.threadId}`, row.seq]));
  }

  /** Mentions of these users in messages written in [since, until), not deleted. */
  async mentions(userIds: string[], since: Date, until: Date): Promise<MentionActivity[]> {
    if (!userIds.length) return [];
    return runSql<MentionActivity>(this.em, mentionsOf(userIds, since, until));
  }

  /** Where a thread lives (for the level of a mention: the group's if any, else the forum's). */
  async threadScope(threadId: string): Promise<{ forumId: string; workingGroupId: string | null } | null> {
    const [row] = await runSql<{ forumId: string; workingGroupId: string | null }>(this.em, threadScope(threadId));
    return row ?? null;
  }
}
