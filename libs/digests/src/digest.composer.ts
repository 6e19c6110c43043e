import { Injectable } from '@nestjs/common';
import { ActivityService } from '@agora/discussions';
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

  async compose(recipients: DigestRecipient[]): Promise<DigestContent[]> {
    if (!recipients.length) return [];
    const since = new Date(Math.min(...recipients.map((r) => r.since.getTime())));
    const until = new Date(Math.max(...recipients.map((r) => r.until.getTime())));
    const userIds = recipients.map((r) => r.userId);
    const allForums = unique(recipients.flatMap((r) => r.forumIds));
    const allGroups = unique(recipients.flatMap((r) => r.groupIds));
    const digests = recipients.filter((r) => r.kind !== 'mentions');
    const horizon = new Date(until.getTime() + EVENT_HORIZON_MS);
    const [threads, mentions, posts, offers, events, rsvps] = await Promise.all([
      this.activity.threadsActive(allForums, allGroups, since, until),
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

    return recipients.map((r) => {
      const inScope = new Set([...r.forumIds, ...r.groupIds]);
      const readUpTo = (threadId: string) => reads.get(`${r.userId} ${threadId}`) ?? 0;
      const threadItems: ThreadItem[] = threads
        .filter((t) => inScope.has(t.workingGroupId ?? t.forumId) && (t.workingGroupId !== null || r.forumIds.includes(t.forumId)))
        .map((t) => {
          const fresh = t.messages.filter((m) => m.authorId !== r.userId && m.createdAt >= r.since && m.createdAt < r.until);
          const forum = forums.get(t.forumId)?.name ?? '';
          return {
            threadId: t.threadId,
            title: t.title,
            where: t.workingGroupId ? `${forum} · ${groupNames.get(t.workingGroupId) ?? ''}` : forum,
            newMessages: fresh.length,
            // "Only what I have not seen": what the user read on the platform is not repeated.
            unread: fresh.filter((m) => m.seq > readUpTo(t.threadId)).length,
            latestAuthor: author(t.latest.authorId),
            excerpt: excerpt(t.latest.body),
          };
        })
        .filter((item) => item.unread > 0)
        .sort((a, b) => b.newMessages - a.newMessages || a.title.localeCompare(b.title))
        .slice(0, MAX_THREADS);
      const mentionItems: MentionItem[] = mentions
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
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}
