import { Injectable } from '@nestjs/common';
import { ActivityService, MentionActivity, ThreadActivity } from '@agora/discussions';
import { ForumsService, WorkingGroupsService } from '@agora/forums';
import { UsersService } from '@agora/identity';
import { EventsFeed, RsvpReminder, UpcomingEvent } from '@agora/events';
import { ExchangesFeed, NewOffer } from '@agora/exchanges';
import { PostsFeed, PublishedPost } from '@agora/knowledge';
import { ActivityIndex, groupBy, IndexedThread } from './activity-index';
import { DigestContent, DigestEnvelope, EventItem, excerpt, MentionItem, OfferItem, PostItem, ThreadItem } from './digest.content';

export interface DigestRecipient extends DigestEnvelope {
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

export type ActivityCache = Map<string, Promise<ThreadActivity[]>>;

/** What a batch's queries ask for: the widest window and every scope of its recipients. */
export interface BatchScope {
  since: Date;
  until: Date;
  /** Events starting before then are announced; RSVPs up to then are reminded. */
  horizon: Date;
  userIds: string[];
  forumIds: string[];
  groupIds: string[];
  /** The recipients of a digest rather than a mention mail: only they get posts, offers and events. */
  digestUserIds: string[];
}

/** Posts, offers and events: what a digest carries besides discussions. */
export interface BatchNews {
  posts: PublishedPost[];
  offers: NewOffer[];
  events: UpcomingEvent[];
  rsvps: RsvpReminder[];
}

/** Everything a batch's mails are made of, read once for all its recipients. */
export interface DigestBatch extends BatchNews {
  index: ActivityIndex;
  mentionsOf: Map<string, MentionActivity[]>;
  /** `${userId} ${threadId}` -> the seq the user has read up to. */
  reads: Map<string, number>;
  authorNames: Map<string, string>;
  forumNames: Map<string, string>;
  groupNames: Map<string, string>;
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
  async compose(recipients: DigestRecipient[], shared?: ActivityCache): Promise<DigestContent[]> {
    if (!recipients.length) return [];
    const batch = await this.readBatch(batchScope(recipients), shared);
    return recipients.map((recipient) => digestFor(recipient, batch));
  }

  /** Two rounds of parallel queries: the window's activity, then the names and read positions it refers to. */
  private async readBatch(scope: BatchScope, shared?: ActivityCache): Promise<DigestBatch> {
    const [threads, mentions, news] = await Promise.all([
      this.activityOf(scope.forumIds, scope.groupIds, scope.since, scope.until, shared),
      this.activity.mentions(scope.userIds, scope.since, scope.until),
      this.newsOf(scope),
    ]);
    const threadIds = unique([...threads.map((t) => t.threadId), ...mentions.map((m) => m.threadId)]);
    const authorIds = unique([...threads.map((t) => t.latest.authorId), ...mentions.map((m) => m.authorId)]);
    const groupIds = unique(threads.flatMap((t) => (t.workingGroupId ? [t.workingGroupId] : [])));
    const [reads, authors, forums, groupNames] = await Promise.all([
      this.activity.readPositions(scope.userIds, threadIds),
      this.users.findByIds(authorIds),
      this.forums.byId(),
      this.groups.namesOf(groupIds),
    ]);
    return {
      ...news,
      index: new ActivityIndex(threads),
      mentionsOf: groupBy(mentions, (m) => m.userId),
      reads,
      authorNames: new Map(authors.map((user) => [user.id, user.name])),
      forumNames: new Map([...forums].map(([id, forum]) => [id, forum.name])),
      groupNames,
    };
  }

  /** Mention mails carry no news: a batch of them alone asks for none. */
  private async newsOf(scope: BatchScope): Promise<BatchNews> {
    if (!scope.digestUserIds.length) return { posts: [], offers: [], events: [], rsvps: [] };
    const { since, until, horizon, forumIds, groupIds } = scope;
    const [posts, offers, events, rsvps] = await Promise.all([
      this.posts.publishedBetween(forumIds, groupIds, since, until),
      this.exchanges.offeredBetween(forumIds, since, until),
      this.events.upcoming(forumIds, groupIds, until, horizon),
      this.events.rsvps(scope.digestUserIds, until, horizon),
    ]);
    return { posts, offers, events, rsvps };
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

export function batchScope(recipients: DigestRecipient[]): BatchScope {
  const until = new Date(Math.max(...recipients.map((r) => r.until.getTime())));
  return {
    since: new Date(Math.min(...recipients.map((r) => r.since.getTime()))),
    until,
    horizon: new Date(until.getTime() + EVENT_HORIZON_MS),
    userIds: recipients.map((r) => r.userId),
    forumIds: unique(recipients.flatMap((r) => r.forumIds)),
    groupIds: unique(recipients.flatMap((r) => r.groupIds)),
    digestUserIds: recipients.filter((r) => r.kind !== 'mentions').map((r) => r.userId),
  };
}

/** One recipient's mail, cut out of the batch. */
export function digestFor(recipient: DigestRecipient, batch: DigestBatch): DigestContent {
  const { userId, name, email, kind, since, until } = recipient;
  const isDigest = kind !== 'mentions';
  return {
    userId,
    name,
    email,
    kind,
    since,
    until,
    threads: threadItems(recipient, batch),
    mentions: mentionItems(recipient, batch),
    posts: isDigest ? postItems(recipient, batch) : [],
    offers: isDigest ? offerItems(recipient, batch) : [],
    events: isDigest ? eventItems(recipient, batch) : [],
  };
}

/** The recipient's threads with something unread, busiest first. */
export function threadItems(recipient: DigestRecipient, batch: DigestBatch): ThreadItem[] {
  return [...recipient.forumIds, ...recipient.groupIds]
    .flatMap((scope) => batch.index.inScope(scope))
    .map((thread) => threadItem(recipient, thread, batch))
    .filter((item) => item.unread > 0)
    .sort((a, b) => b.newMessages - a.newMessages || a.title.localeCompare(b.title))
    .slice(0, MAX_THREADS);
}

function threadItem(recipient: DigestRecipient, thread: IndexedThread, batch: DigestBatch): ThreadItem {
  const { activity } = thread;
  const counts = batch.index.count(
    thread,
    recipient.userId,
    recipient.since,
    recipient.until,
    readUpTo(batch, recipient, activity.threadId),
  );
  const forum = batch.forumNames.get(activity.forumId) ?? '';
  return {
    threadId: activity.threadId,
    title: activity.title,
    where: activity.workingGroupId ? `${forum} · ${batch.groupNames.get(activity.workingGroupId) ?? ''}` : forum,
    newMessages: counts.fresh,
    // "Only what I have not seen": what the user read on the platform is not repeated.
    unread: counts.unread,
    latestAuthor: authorName(batch, activity.latest.authorId),
    excerpt: thread.excerpt,
  };
}

/** Unread mentions of the window, leaving out groups the recipient left and, for a mention mail, other scopes. */
export function mentionItems(recipient: DigestRecipient, batch: DigestBatch): MentionItem[] {
  if (!recipient.withMentions) return [];
  const { since, until, memberOf, mentionScopes } = recipient;
  return (batch.mentionsOf.get(recipient.userId) ?? [])
    .filter((m) => m.createdAt >= since && m.createdAt < until && m.seq > readUpTo(batch, recipient, m.threadId))
    .filter((m) => m.workingGroupId === null || memberOf.includes(m.workingGroupId))
    .filter((m) => !mentionScopes || mentionScopes.includes(m.workingGroupId ?? m.forumId))
    .slice(0, MAX_MENTIONS)
    .map((m) => ({ threadId: m.threadId, threadTitle: m.threadTitle, author: authorName(batch, m.authorId), excerpt: excerpt(m.body) }));
}

export function postItems(recipient: DigestRecipient, batch: DigestBatch): PostItem[] {
  return batch.posts
    .filter((p) => inScopeOf(recipient, p.forumId, p.workingGroupId) && p.publishedAt >= recipient.since && p.publishedAt < recipient.until)
    .slice(0, MAX_ITEMS)
    .map((p) => ({
      postId: p.id,
      title: p.title,
      summary: excerpt(p.summary),
      where: [batch.forumNames.get(p.forumId), p.city].filter(Boolean).join(' · '),
    }));
}

export function offerItems(recipient: DigestRecipient, batch: DigestBatch): OfferItem[] {
  return batch.offers
    .filter((o) => recipient.forumIds.includes(o.forumId))
    .slice(0, MAX_ITEMS)
    .map((o) => ({ offerId: o.id, topic: o.topic, hostCity: o.hostCity, deadline: o.applicationDeadline, placesLeft: o.placesLeft }));
}

/** Upcoming events of the recipient's scopes, and those they answered wherever they are (a reminder, with the answer). */
export function eventItems(recipient: DigestRecipient, batch: DigestBatch): EventItem[] {
  const answered = new Map(batch.rsvps.filter((a) => a.userId === recipient.userId).map((a) => [a.eventId, a.status]));
  return batch.events
    .filter((e) => answered.has(e.id) || inScopeOf(recipient, e.forumId, e.workingGroupId))
    .slice(0, MAX_ITEMS)
    .map((e) => ({ eventId: e.id, title: e.title, startsAt: e.startsAt, place: e.place, rsvp: answered.get(e.id) ?? null }));
}

/** A group's item goes to the group's members, a forum's to its followers, one of neither to everyone. */
function inScopeOf(recipient: DigestRecipient, forumId: string | null, groupId: string | null): boolean {
  return groupId ? recipient.groupIds.includes(groupId) : forumId === null || recipient.forumIds.includes(forumId);
}

const readUpTo = (batch: DigestBatch, recipient: DigestRecipient, threadId: string): number =>
  batch.reads.get(`${recipient.userId} ${threadId}`) ?? 0;

const authorName = (batch: DigestBatch, userId: string): string => batch.authorNames.get(userId) ?? 'A former member';

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}
