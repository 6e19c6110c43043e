import type { ThreadActivity } from '@agora/discussions';
import { ActivityIndex } from './activity-index';
import { batchScope, DigestBatch, digestFor, DigestRecipient, eventItems, mentionItems, postItems, threadItems } from './digest.composer';

const since = new Date('2026-11-23T07:00:00Z');
const until = new Date('2026-11-30T07:00:00Z');
const during = (day: number) => new Date(Date.UTC(2026, 10, 23 + day, 12));

const recipient = (overrides: Partial<DigestRecipient> = {}): DigestRecipient => ({
  userId: 'giulia',
  name: 'Giulia Rossi',
  email: 'giulia@agora.test',
  kind: 'weekly',
  since,
  until,
  forumIds: ['mobility'],
  groupIds: [],
  withMentions: true,
  memberOf: [],
  ...overrides,
});

function thread(
  threadId: string,
  messages: [authorId: string, day: number][],
  scope: { forumId?: string; workingGroupId?: string } = {},
): ThreadActivity {
  const [lastAuthor, lastDay] = messages[messages.length - 1];
  return {
    threadId,
    title: `Thread ${threadId}`,
    forumId: scope.forumId ?? 'mobility',
    workingGroupId: scope.workingGroupId ?? null,
    messages: messages.map(([authorId, day], index) => ({ seq: index + 1, createdAt: during(day), authorId })),
    latest: { authorId: lastAuthor, body: '**Cargo bikes** work', createdAt: during(lastDay) },
  };
}

const batch = (overrides: Partial<DigestBatch> = {}, threads: ThreadActivity[] = []): DigestBatch => ({
  index: new ActivityIndex(threads),
  mentionsOf: new Map(),
  posts: [],
  offers: [],
  events: [],
  rsvps: [],
  reads: new Map(),
  authorNames: new Map([
    ['jonas', 'Jonas Weber'],
    ['anna', 'Anna Lindqvist'],
  ]),
  forumNames: new Map([
    ['mobility', 'Mobility'],
    ['culture', 'Culture'],
  ]),
  groupNames: new Map([['night-buses', 'Night Buses']]),
  ...overrides,
});

describe('batchScope', () => {
  it('asks for the widest window, every scope once, and news only for digest recipients', () => {
    const scope = batchScope([
      recipient({ userId: 'a', since: new Date('2026-11-29T07:00:00Z'), forumIds: ['mobility'], groupIds: ['night-buses'] }),
      recipient({ userId: 'b', until: new Date('2026-12-01T07:00:00Z'), forumIds: ['mobility', 'culture'] }),
      recipient({ userId: 'c', kind: 'mentions' }),
    ]);
    expect(scope).toEqual({
      since,
      until: new Date('2026-12-01T07:00:00Z'),
      horizon: new Date('2026-12-15T07:00:00Z'),
      userIds: ['a', 'b', 'c'],
      forumIds: ['mobility', 'culture'],
      groupIds: ['night-buses'],
      digestUserIds: ['a', 'b'],
    });
  });
});

describe('threadItems', () => {
  it('counts messages by others, leaves out read threads and puts the busiest first', () => {
    const threads = [
      thread('quiet', [['jonas', 1]]),
      thread('busy', [
        ['jonas', 1],
        ['giulia', 2],
        ['anna', 3],
        ['anna', 4],
      ]),
      thread('read', [['jonas', 2]]),
      thread('elsewhere', [['jonas', 2]], { forumId: 'culture' }),
    ];
    const items = threadItems(recipient(), batch({ reads: new Map([['giulia read', 1]]) }, threads));
    expect(items.map((item) => [item.threadId, item.newMessages, item.unread, item.latestAuthor])).toEqual([
      ['busy', 3, 3, 'Anna Lindqvist'],
      ['quiet', 1, 1, 'Jonas Weber'],
    ]);
    expect(items[0]).toMatchObject({ where: 'Mobility', excerpt: 'Cargo bikes work' });
  });

  it('names a group thread by its forum and group, and an author who left as a former member', () => {
    const threads = [thread('group', [['gone', 1]], { workingGroupId: 'night-buses' })];
    const [item] = threadItems(recipient({ groupIds: ['night-buses'] }), batch({}, threads));
    expect(item).toMatchObject({ where: 'Mobility · Night Buses', latestAuthor: 'A former member' });
  });

  it('counts only what comes after the read position as unread', () => {
    const threads = [
      thread('half-read', [
        ['jonas', 1],
        ['anna', 2],
        ['jonas', 3],
      ]),
    ];
    const [item] = threadItems(recipient(), batch({ reads: new Map([['giulia half-read', 2]]) }, threads));
    expect(item).toMatchObject({ newMessages: 3, unread: 1 });
  });
});

describe('mentionItems', () => {
  const mention = (threadId: string, overrides: { seq?: number; workingGroupId?: string; forumId?: string; day?: number } = {}) => ({
    userId: 'giulia',
    messageId: `m-${threadId}`,
    threadId,
    forumId: overrides.forumId ?? 'mobility',
    workingGroupId: overrides.workingGroupId ?? null,
    threadTitle: `Thread ${threadId}`,
    seq: overrides.seq ?? 5,
    authorId: 'jonas',
    body: '@**Giulia Rossi** how did Bologna do it?',
    createdAt: during(overrides.day ?? 1),
  });
  const mentions = [
    mention('open'),
    mention('read', { seq: 2 }),
    mention('left-group', { workingGroupId: 'night-buses' }),
    mention('culture', { forumId: 'culture' }),
    mention('too-old', { day: -2 }),
  ];
  const withMentions = batch({ mentionsOf: new Map([['giulia', mentions]]), reads: new Map([['giulia read', 2]]) });

  it('keeps unread mentions of the window in groups the recipient still belongs to', () => {
    expect(mentionItems(recipient(), withMentions)).toEqual([
      { threadId: 'open', threadTitle: 'Thread open', author: 'Jonas Weber', excerpt: '@Giulia Rossi how did Bologna do it?' },
      expect.objectContaining({ threadId: 'culture' }),
    ]);
  });

  it('keeps a mention mail to its scopes, and a digest without mentions to none', () => {
    expect(mentionItems(recipient({ mentionScopes: ['culture'] }), withMentions).map((m) => m.threadId)).toEqual(['culture']);
    expect(mentionItems(recipient({ withMentions: false }), withMentions)).toEqual([]);
  });
});

describe('news items', () => {
  const post = (id: string, forumId: string, workingGroupId: string | null, day: number) => ({
    id,
    title: `Post ${id}`,
    summary: 'A _summary_',
    forumId,
    workingGroupId,
    city: 'Malmö',
    publishedAt: during(day),
  });
  const event = (id: string, forumId: string | null) => ({
    id,
    title: `Event ${id}`,
    kind: 'meeting',
    startsAt: during(10),
    place: null,
    forumId,
    workingGroupId: null,
  });

  it('gives posts of the recipient’s forums and groups, published in their window', () => {
    const posts = [post('mine', 'mobility', null, 1), post('late', 'mobility', null, 8), post('group', 'mobility', 'night-buses', 1)];
    expect(postItems(recipient(), batch({ posts }))).toEqual([
      { postId: 'mine', title: 'Post mine', summary: 'A summary', where: 'Mobility · Malmö' },
    ]);
  });

  it('announces events of the recipient’s scopes and network-wide ones, and reminds those they answered', () => {
    const events = [event('mine', 'mobility'), event('everyone', null), event('answered', 'culture'), event('other', 'culture')];
    const rsvps = [{ userId: 'giulia', eventId: 'answered', title: 'Event answered', startsAt: during(10), status: 'going' }];
    expect(eventItems(recipient(), batch({ events, rsvps })).map((e) => [e.eventId, e.rsvp])).toEqual([
      ['mine', null],
      ['everyone', null],
      ['answered', 'going'],
    ]);
  });

  it('leaves news out of a mention mail', () => {
    const news = batch({
      posts: [post('mine', 'mobility', null, 1)],
      offers: [{ id: 'o', topic: 'Cycling', hostCity: 'Malmö', forumId: 'mobility', applicationDeadline: '2026-12-20', placesLeft: 2 }],
      events: [event('mine', 'mobility')],
    });
    expect(digestFor(recipient(), news)).toMatchObject({
      posts: [{ postId: 'mine' }],
      offers: [{ offerId: 'o' }],
      events: [{ eventId: 'mine' }],
    });
    expect(digestFor(recipient({ kind: 'mentions' }), news)).toMatchObject({ posts: [], offers: [], events: [] });
  });
});
