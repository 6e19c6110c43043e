import { sql, Sql } from '@agora/platform';

/**
 * The SQL of the discussions context that is not an entity's: posting a message in one
 * statement, the message reads, unread counts and the activity the digest asks for many users.
 */

/** A message as its reads return it. */
export interface MessageRow {
  id: string;
  threadId: string;
  seq: number;
  clientMsgId: string;
  authorId: string;
  body: string;
  html: string;
  createdAt: Date;
  editedAt: Date | null;
  deletedAt: Date | null;
}

const MESSAGE_COLUMNS = sql`id, thread_id as "threadId", seq, client_msg_id as "clientMsgId", author_id as "authorId",
  body, html, created_at as "createdAt", edited_at as "editedAt", deleted_at as "deletedAt" from message`;

/** The thread's messages after `afterSeq`, ascending. */
export const messagesAfter = (threadId: string, afterSeq: number, limit: number): Sql =>
  sql`select ${MESSAGE_COLUMNS} where thread_id = ${threadId} and seq > ${afterSeq} order by seq limit ${limit}`;

export const messageByClientMsgId = (authorId: string, clientMsgId: string): Sql =>
  sql`select ${MESSAGE_COLUMNS} where author_id = ${authorId} and client_msg_id = ${clientMsgId}`;

export interface NewMessage {
  id: string;
  threadId: string;
  authorId: string;
  clientMsgId: string;
  body: string;
  html: string;
  mentionedIds: string[];
  /** The mentioned who get a mail (the author left out): an outbox entry when there are any. */
  notifiedIds: string[];
  outbox: { id: string; topic: string };
}

/**
 * Raises the thread's `last_seq`, inserts the message with that number, records its mentions and
 * the outbox entry of their mail; returns `seq` and `createdAt`, or no row for an unknown thread.
 */
export const insertMessage = (message: NewMessage): Sql =>
  sql`with next as (
           update thread set last_seq = last_seq + 1, last_activity_at = now() where id = ${message.threadId} returning last_seq
         ), stored as (
           insert into message (id, created_at, thread_id, seq, author_id, client_msg_id, body, html)
           select ${message.id}, now(), ${message.threadId}, last_seq, ${message.authorId}, ${message.clientMsgId}, ${message.body}, ${message.html} from next
           returning seq, created_at
         ), mentioned as (
           insert into mention (message_id, user_id) select ${message.id}, mentioned_user from stored, unnest(${message.mentionedIds}::uuid[]) as mentioned_user
         ), notified as (
           insert into outbox (id, created_at, available_at, topic, payload)
           select ${message.outbox.id}, now(), now(), ${message.outbox.topic},
                  jsonb_build_object('messageId', ${message.id}::uuid, 'createdAt', stored.created_at, 'userIds', ${message.notifiedIds}::uuid[])
             from stored where cardinality(${message.notifiedIds}::uuid[]) > 0
         )
         select seq, created_at as "createdAt" from stored`;

/** Stores how far the user has read; it never moves backwards and never past `lastSeq`. Returns the stored `seq`. */
export const moveReadPosition = (userId: string, threadId: string, seq: number, lastSeq: number): Sql =>
  sql`insert into read_position (user_id, thread_id, seq, updated_at) values (${userId}, ${threadId}, least(${seq}::int, ${lastSeq}::int), now())
       on conflict (user_id, thread_id) do update set seq = greatest(read_position.seq, excluded.seq), updated_at = now()
       returning seq`;

/** Where a thread lives: `forumId` and `workingGroupId`. */
export const threadScope = (threadId: string): Sql =>
  sql`select forum_id as "forumId", working_group_id as "workingGroupId" from thread where id = ${threadId}`;

export const threadReaders = (threadId: string): Sql => sql`select user_id as "userId" from read_position where thread_id = ${threadId}`;

export interface UnreadRow {
  threadId: string;
  forumId: string;
  workingGroupId: string | null;
  unread: number;
}

/**
 * Unread messages (by others, not deleted) per thread the user follows: those of these forums,
 * of these groups, and any thread they have read in. Threads with nothing unread are left out.
 */
export const unreadCounts = (userId: string, forumIds: string[], groupIds: string[]): Sql =>
  sql`select * from (
         select t.id as "threadId", t.forum_id as "forumId", t.working_group_id as "workingGroupId",
                (select count(*)::int from message m
                  where m.thread_id = t.id and m.seq > coalesce(rp.seq, 0) and m.deleted_at is null and m.author_id <> ${userId}) as unread
           from thread t
           left join read_position rp on rp.thread_id = t.id and rp.user_id = ${userId}
          where (t.working_group_id is null and (t.forum_id = any(${forumIds}::uuid[]) or rp.user_id is not null))
             or t.working_group_id = any(${groupIds}::uuid[])
       ) counted
       where unread > 0
       order by "threadId"`;

/** Messages in [since, until), not deleted, of threads of these forums (their own threads) or groups; null and null: of every scope. */
function activityScope(forumIds: string[] | null, groupIds: string[] | null, since: Date, until: Date): Sql {
  const everywhere = forumIds === null && groupIds === null;
  return sql`m.created_at >= ${since} and m.created_at < ${until} and m.deleted_at is null
      and (${everywhere}::boolean or (t.working_group_id is null and t.forum_id = any(${forumIds ?? []}::uuid[])) or t.working_group_id = any(${groupIds ?? []}::uuid[]))`;
}

export interface ActiveMessageRow {
  threadId: string;
  title: string;
  forumId: string;
  workingGroupId: string | null;
  seq: number;
  createdAt: Date;
  authorId: string;
}

/** The messages of the scope and window, by thread and seq. */
export const activeMessages = (forumIds: string[] | null, groupIds: string[] | null, since: Date, until: Date): Sql =>
  sql`select t.id as "threadId", t.title, t.forum_id as "forumId", t.working_group_id as "workingGroupId",
                m.seq, m.created_at as "createdAt", m.author_id as "authorId"
           from message m join thread t on t.id = m.thread_id
          where ${activityScope(forumIds, groupIds, since, until)}
          order by t.id, m.seq`;

export interface LatestMessageRow {
  threadId: string;
  authorId: string;
  body: string;
  createdAt: Date;
}

/** The latest message of each thread of the scope and window (its body cut to 400 characters). */
export const latestMessages = (forumIds: string[] | null, groupIds: string[] | null, since: Date, until: Date): Sql =>
  sql`select distinct on (m.thread_id) m.thread_id as "threadId", m.author_id as "authorId", left(m.body, 400) as body, m.created_at as "createdAt"
           from message m join thread t on t.id = m.thread_id
          where ${activityScope(forumIds, groupIds, since, until)}
          order by m.thread_id, m.seq desc`;

export const readPositions = (userIds: string[], threadIds: string[]): Sql =>
  sql`select user_id as "userId", thread_id as "threadId", seq from read_position where user_id = any(${userIds}::uuid[]) and thread_id = any(${threadIds}::uuid[])`;

/** Mentions of these users in messages written in [since, until), not deleted. */
export const mentionsOf = (userIds: string[], since: Date, until: Date): Sql =>
  sql`select n.user_id as "userId", m.id as "messageId", t.id as "threadId", t.forum_id as "forumId", t.working_group_id as "workingGroupId",
              t.title as "threadTitle", m.seq,
              m.author_id as "authorId", left(m.body, 400) as body, m.created_at as "createdAt"
         from mention n join message m on m.id = n.message_id join thread t on t.id = m.thread_id
        where n.user_id = any(${userIds}::uuid[]) and m.created_at >= ${since} and m.created_at < ${until} and m.deleted_at is null
        order by m.created_at`;
