import { Injectable } from '@nestjs/common';
import { ActivityService, ThreadActivity } from '@agora/discussions';
import { ForumsService, WorkingGroupsService } from '@agora/forums';
import { UsersService } from '@agora/identity';
import { EventsFeed } from '@agora/events';
import { ExchangesFeed } from '@agora/exchanges';
import { PostsFeed } from '@agora/knowledge';
import { DigestContent, EventItem, excerpt, MentionItem, OfferItem, PostItem, ThreadItem } from './digest.content';
import type { DigestKind } from './digest.entity';

export interface DigestRecipient {
  userId: string;
  name: string;
  email: string;
  kind: DigestKind;
  since: Date;
  until: Date;
  /** Forums (their own threads) and groups whose activity goes into this digest. */
  forumIds: string[];
  groupIds: string[];
  /** Whether this digest carries the user's mentions (only one of their digests does). */
  withMentions: boolean;
  /** Every group the user may see, so that a mention in a group they left stays out. */
  memberOf: string[];
  /** For mention mails: only mentions in these scopes (forum or group ids); undefined = all. */
  mentionScopes?: string[];
}

const MAX_THREADS = 10;
const MAX_MENTIONS = 20;
const MAX_ITEMS = 10;
/** Events of the coming two weeks are announced; RSVPs in that window are reminded. */
const EVENT_HORIZON_MS = 14 * 24 * 60 * 60 * 1000;

/**
 * Composes many digests at once with a fixed number of queries, whatever the number of users:
 * the activity of every scope any of them follows, their read positions and their mentions are
 * each fetched once for the whole batch and then split per user in memory.
 */
@Injectable()
export class DigestComposer {
  constructor(
    private readonly activity: ActivityService,
    private readonly users: UsersService,
    private readonly forums: ForumsService,
    private readonly groups: WorkingGroupsService,
    private readonly posts: PostsFeed,
    private readonly exchanges: ExchangesFeed,
    private readonly events: EventsFeed,
  ) {}

  /**
   * `shared`: a cache that lives for one tick. The rounds of a tick mostly ask for the same window
   * (every user's since/until), so the window's activity is read once for all of them.
   */
  async compose(recipients: DigestRecipient[], shared?: Map<string, Promise<ThreadActivity[]>>): Promise<DigestContent[]> {
    if (!recipients.length) return [];
    const since = new Date(Math.min(...recipients.map((r) => r.since.getTime())));
    const until = new Date(Math.max(...recipients.map((r) => r.until.getTime())));
    const userIds = recipients.map((r) => r.userId);
    const allForums = unique(recipients.flatMap((r) => r.forumIds));
    const allGroups = unique(recipients.flatMap((r) => r.groupIds));
    const digests = recipients.filter((r) => r.kind !== 'mentions');
    const horizon = new Date(until.getTime() + EVENT_HORIZON_MS);
    const [threads, mentions, posts, offers, events, rsvps] = await Promise.all([
      this.activityOf(allForums, allGroups, since, until, shared),
      this.activity.mentions(userIds, since, until),
      digests.length ? this.posts.publishedBetween(allForums, allGroups, since, until) : [],
      digests.length ? this.exchanges.offeredBetween(allForums, since, until) : [],
      digests.length ? this.events.upcoming(allForums, allGroups, until, horizon) : [],
      digests.length
        ? this.events.rsvps(
            digests.map((r) => r.userId),
            until,
            horizon,
          )
        : [],
    ]);
    const threadIds = unique([...threads.map((t) => t.threadId), ...mentions.map((m) => m.threadId)]);
    const [reads, authors, forums, groupNames] = await Promise.all([
      this.activity.readPositions(userIds, threadIds),
      this.users.findByIds(unique([...threads.map((t) => t.latest.authorId), ...mentions.map((m) => m.authorId)])),
      this.forums.byId(),
      this.groups.namesOf(unique(threads.flatMap((t) => (t.workingGroupId ? [t.workingGroupId] : [])))),
    ]);
    const nameOf = new Map(authors.map((user) => [user.id, user.name]));
    const author = (id: string) => nameOf.get(id) ?? 'A former member';

    const index = new ActivityIndex(threads);
    const mentionsOf = groupBy(mentions, (m) => m.userId);

    return recipients.map((r) => {
      const readUpTo = (threadId: string) => reads.get(`${r.userId} ${threadId}`) ?? 0;
      const threadItems: ThreadItem[] = [...r.forumIds, ...r.groupIds]
        .flatMap((scope) => index.inScope(scope))
        .map((t) => {
          const counts = index.count(t, r.userId, r.since, r.until, readUpTo(t.activity.threadId));
          const forum = forums.get(t.activity.forumId)?.name ?? '';
          return {
            threadId: t.activity.threadId,
            title: t.activity.title,
            where: t.activity.workingGroupId ? `${forum} · ${groupNames.get(t.activity.workingGroupId) ?? ''}` : forum,
            newMessages: counts.fresh,
            // "Only what I have not seen": what the user read on the platform is not repeated.
            unread: counts.unread,
            latestAuthor: author(t.activity.latest.authorId),
            excerpt: t.excerpt,
          };
        })
        .filter((item) => item.unread > 0)
        .sort((a, b) => b.newMessages - a.newMessages || a.title.localeCompare(b.title))
        .slice(0, MAX_THREADS);
      const mentionItems: MentionItem[] = (mentionsOf.get(r.userId) ?? [])
        .filter(
          (m) => r.withMentions && m.userId === r.userId && m.createdAt >= r.since && m.createdAt < r.until && m.seq > readUpTo(m.threadId),
        )
        .filter((m) => m.workingGroupId === null || r.memberOf.includes(m.workingGroupId))
        .filter((m) => !r.mentionScopes || r.mentionScopes.includes(m.workingGroupId ?? m.forumId))
        .slice(0, MAX_MENTIONS)
        .map((m) => ({ threadId: m.threadId, threadTitle: m.threadTitle, author: author(m.authorId), excerpt: excerpt(m.body) }));
      const inScopeOf = (forumId: string | null, groupId: string | null) =>
        groupId ? r.groupIds.includes(groupId) : forumId === null || r.forumIds.includes(forumId);
      const isDigest = r.kind !== 'mentions';
      const postItems: PostItem[] = posts
        .filter((p) => isDigest && inScopeOf(p.forumId, p.workingGroupId) && p.publishedAt >= r.since && p.publishedAt < r.until)
        .slice(0, MAX_ITEMS)
        .map((p) => ({
          postId: p.id,
          title: p.title,
          summary: excerpt(p.summary),
          where: [forums.get(p.forumId)?.name, p.city].filter(Boolean).join(' · '),
        }));
      const offerItems: OfferItem[] = offers
        .filter((o) => isDigest && r.forumIds.includes(o.forumId))
        .slice(0, MAX_ITEMS)
        .map((o) => ({ offerId: o.id, topic: o.topic, hostCity: o.hostCity, deadline: o.applicationDeadline, placesLeft: o.placesLeft }));
      const answered = new Map(rsvps.filter((a) => a.userId === r.userId).map((a) => [a.eventId, a.status]));
      const eventItems: EventItem[] = events
        .filter((e) => isDigest && (answered.has(e.id) || inScopeOf(e.forumId, e.workingGroupId)))
        .slice(0, MAX_ITEMS)
        .map((e) => ({ eventId: e.id, title: e.title, startsAt: e.startsAt, place: e.place, rsvp: answered.get(e.id) ?? null }));
      return {
        userId: r.userId,
        name: r.name,
        email: r.email,
        kind: r.kind,
        since: r.since,
        until: r.until,
        threads: threadItems,
        mentions: mentionItems,
        posts: postItems,
        offers: offerItems,
        events: eventItems,
      };
    });
  }

  /**
   * With a tick cache, the activity of every scope in the window is read once and each reader is
   * then filtered to their own scopes; without one, only this batch's scopes are read.
   */
  private activityOf(forumIds: string[], groupIds: string[], since: Date, until: Date, shared?: ActivityCache): Promise<ThreadActivity[]> {
    if (!shared) return this.activity.threadsActive(forumIds, groupIds, since, until);
    const key = `${since.toISOString()} ${until.toISOString()}`;
    let activity = shared.get(key);
    if (!activity) {
      activity = this.activity.threadsActive(null, null, since, until);
      shared.set(key, activity);
    }
    return activity;
  }
}

export type ActivityCache = Map<string, Promise<ThreadActivity[]>>;

interface IndexedThread {
  activity: ThreadActivity;
  /** The latest message as plain text, made once per batch, not once per reader. */
  excerpt: string;
  /** createdAt (ms) and seq of the window's messages, in seq order. */
  times: number[];
  seqs: number[];
  /** Each author's seqs, ascending: to leave a reader's own messages out of their counts. */
  byAuthor: Map<string, number[]>;
}

/**
 * The activity of a batch, indexed once so that each reader's counts cost a few binary searches
 * per thread instead of a pass over every message (10,000 readers x 50,000 messages otherwise).
 */
class ActivityIndex {
  private readonly byScope = new Map<string, IndexedThread[]>();

  constructor(threads: ThreadActivity[]) {
    for (const activity of threads) {
      const indexed: IndexedThread = {
        activity,
        excerpt: excerpt(activity.latest.body),
        times: activity.messages.map((m) => m.createdAt.getTime()),
        seqs: activity.messages.map((m) => m.seq),
        byAuthor: groupBy(
          activity.messages,
          (m) => m.authorId,
          (m) => m.seq,
        ),
      };
      // A group's thread belongs to the group; a forum's own thread to the forum.
      const scope = activity.workingGroupId ?? activity.forumId;
      const list = this.byScope.get(scope);
      if (list) list.push(indexed);
      else this.byScope.set(scope, [indexed]);
    }
  }

  inScope(scope: string): IndexedThread[] {
    return this.byScope.get(scope) ?? [];
  }

  /** Messages by others in [since, until), and how many of them come after the read position. */
  count(thread: IndexedThread, readerId: string, since: Date, until: Date, readUpTo: number): { fresh: number; unread: number } {
    const from = lowerBound(thread.times, since.getTime());
    const to = lowerBound(thread.times, until.getTime());
    const unreadFrom = Math.max(from, lowerBound(thread.seqs, readUpTo + 1));
    const own = thread.byAuthor.get(readerId) ?? [];
    const ownBetween = (a: number, b: number) => (a >= b ? 0 : lowerBound(own, thread.seqs[b - 1] + 1) - lowerBound(own, thread.seqs[a]));
    return { fresh: to - from - ownBetween(from, to), unread: Math.max(0, to - unreadFrom - ownBetween(unreadFrom, to)) };
  }
}

/** The first index whose value is >= `value` in an ascending array. */
function lowerBound(sorted: number[], value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle] < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

function groupBy<T, V = T>(items: T[], key: (item: T) => string, value: (item: T) => V = (item) => item as unknown as V): Map<string, V[]> {
  const groups = new Map<string, V[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(value(item));
    else groups.set(k, [value(item)]);
  }
  return groups;
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}
