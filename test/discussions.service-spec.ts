import { NotFoundException } from '@nestjs/common';
import { AuthUser } from '@agora/platform';
import { ForumsService, WorkingGroupsService } from '@agora/forums';
import { ActivityService, DiscussionsModule, MessagesService, ThreadAccessService, ThreadsService } from '@agora/discussions';
import { ActivityIndex } from '../libs/digests/src/activity-index';
import { UnreadService } from '../libs/discussions/src/unread.service';
import { ServiceWorld, ServiceUser } from './support/service-world';

/** The discussions context through its services, on a real database: access, the feed, unread counts, activity. */
describe('discussions services', () => {
  let world: ServiceWorld;
  let staff: AuthUser;
  let lead: ServiceUser;
  let member: ServiceUser;
  let pending: ServiceUser;
  let stranger: ServiceUser;
  let publicGroup: string;
  let privateGroup: string;

  const threads = () => world.get(ThreadsService);
  const messages = () => world.get(MessagesService);
  let sent = 0;
  const say = (user: AuthUser, threadId: string, body = `Message ${++sent}`) =>
    world.run(() => messages().send(user, threadId, { body, clientMsgId: `service-${++sent}` }));
  const forumThread = (user: AuthUser, title = 'Night buses in winter') =>
    world.run(() => threads().createInForum(user, 'mobility', { title, body: 'Who runs them?' }));
  const groupThread = (user: AuthUser, groupId: string) =>
    world.run(() => threads().createInGroup(user, groupId, { title: 'Depot visits', body: 'Dates for March.' }));

  beforeAll(async () => {
    world = await ServiceWorld.create(DiscussionsModule);
    staff = await world.seeded('secretariat@agora.test');
    [lead, member, pending, stranger] = [
      await world.newUser({ city: 'oslo', name: 'Lena Lead' }),
      await world.newUser({ city: 'leipzig', name: 'Max Member' }),
      await world.newUser({ city: 'bologna', name: 'Pia Pending' }),
      await world.newUser({ city: 'porto', name: 'Sam Stranger' }),
    ];
    const groups = world.get(WorkingGroupsService);
    const group = (visibility: 'public' | 'private') =>
      world.run(() =>
        groups.create(staff, 'mobility', { name: `Buses ${visibility}`, description: '', visibility, leadEmail: lead.email }),
      );
    publicGroup = (await group('public')).id;
    privateGroup = (await group('private')).id;
    await world.run(() => groups.join(member, publicGroup));
    const request = await world.run(() => groups.join(member, privateGroup));
    await world.run(() => groups.approve(lead, privateGroup, request.membership.id));
    await world.run(() => groups.join(pending, privateGroup));
  }, 120_000);

  afterAll(() => world?.close());

  describe('ThreadAccessService.resolve: who sees, posts and moderates where', () => {
    type Rights = 'hidden' | { canPost: boolean; canModerate: boolean };
    const rights = async (user: AuthUser, threadId: string): Promise<Rights> => {
      try {
        const { canPost, canModerate } = await world.run(() => world.get(ThreadAccessService).resolve(user, threadId));
        return { canPost, canModerate };
      } catch (error) {
        if (error instanceof NotFoundException) return 'hidden';
        throw error;
      }
    };
    const all = { canPost: true, canModerate: true };
    const post = { canPost: true, canModerate: false };
    const read = { canPost: false, canModerate: false };
    let where: Record<'forum' | 'public' | 'private', string>;

    beforeAll(async () => {
      where = {
        forum: (await forumThread(stranger)).id,
        public: (await groupThread(lead, publicGroup)).id,
        private: (await groupThread(lead, privateGroup)).id,
      };
    });

    it.each<[string, () => AuthUser, Record<'forum' | 'public' | 'private', Rights>]>([
      ['an officer of another city', () => stranger, { forum: post, public: read, private: 'hidden' }],
      ['a requester still pending', () => pending, { forum: post, public: read, private: 'hidden' }],
      ['an active member', () => member, { forum: post, public: post, private: post }],
      // A group's lead moderates in the group's threads, not in the forum's own.
      ['the lead', () => lead, { forum: post, public: all, private: all }],
      ['the secretariat', () => staff, { forum: all, public: all, private: all }],
    ])('%s', async (_who, caller, expected) => {
      expect({
        forum: await rights(caller(), where.forum),
        public: await rights(caller(), where.public),
        private: await rights(caller(), where.private),
      }).toEqual(expected);
    });
  });

  describe('MessagesService.list: the thread feed a client catches up with', () => {
    it('pages by afterSeq: every message once, in seq order, deletions and edits in place', async () => {
      const thread = await forumThread(member, 'Feed');
      const ids: string[] = [];
      for (let i = 0; i < 6; i++) ids.push((await say(i % 2 ? stranger : member, thread.id, `Line ${i + 2}`)).message.id);
      await world.run(() => messages().remove(stranger, ids[1]));
      await world.run(() => messages().edit(member, ids[2], 'Line 4, corrected'));

      const pages: { seqs: number[]; hasMore: boolean }[] = [];
      const seen: { seq: number; body: string; deleted: boolean }[] = [];
      let afterSeq = 0;
      for (;;) {
        const page = await world.run(() => messages().list(stranger, thread.id, { afterSeq, limit: 3 }));
        pages.push({ seqs: page.items.map((m) => m.seq), hasMore: page.hasMore });
        seen.push(...page.items.map((m) => ({ seq: m.seq, body: m.body, deleted: m.deletedAt !== null })));
        if (!page.hasMore) break;
        afterSeq = page.items[page.items.length - 1].seq;
      }
      expect(pages).toEqual([
        { seqs: [1, 2, 3], hasMore: true },
        { seqs: [4, 5, 6], hasMore: true },
        { seqs: [7], hasMore: false },
      ]);
      expect(seen.slice(1, 4)).toEqual([
        { seq: 2, body: 'Line 2', deleted: false },
        { seq: 3, body: '', deleted: true },
        { seq: 4, body: 'Line 4, corrected', deleted: false },
      ]);
    });

    it('stores a resent clientMsgId once and answers with the original', async () => {
      const thread = await forumThread(member, 'Resend');
      const dto = { body: 'Sent twice over a bad connection', clientMsgId: 'resend-1' };
      const first = await world.run(() => messages().send(member, thread.id, dto));
      const again = await world.run(() => messages().send(member, thread.id, dto));
      expect(again).toEqual({ created: false, message: first.message });
      const page = await world.run(() => messages().list(member, thread.id, { afterSeq: 0, limit: 10 }));
      expect(page.items.map((m) => m.seq)).toEqual([1, 2]);
    });

    it('is a 404 for a private group thread the caller is not in', async () => {
      const thread = await groupThread(lead, privateGroup);
      await expect(world.run(() => messages().list(stranger, thread.id, { afterSeq: 0, limit: 10 }))).rejects.toBeInstanceOf(
        NotFoundException,
      );
    });
  });

  describe('UnreadService.forUser: the counts on the home page and the forum list', () => {
    it("counts others' messages after the read position, never moves it back, and leaves out the deleted", async () => {
      const reader = await world.newUser({ city: 'ghent' });
      await world.run(() => world.get(ForumsService).follow(reader, 'mobility'));
      const unreadIn = async (threadId: string) =>
        (await world.run(() => world.get(UnreadService).forUser(reader))).threads.find((t) => t.threadId === threadId)?.unread ?? 0;

      const thread = await forumThread(member, 'Unread'); // seq 1, by member
      await say(stranger, thread.id); // 2
      await say(reader, thread.id); // 3: their own
      const deleted = await say(stranger, thread.id); // 4
      await say(member, thread.id); // 5
      expect(await unreadIn(thread.id)).toBe(4);

      await world.run(() => messages().remove(stranger, deleted.message.id));
      expect(await unreadIn(thread.id)).toBe(3);
      expect(await world.run(() => messages().markRead(reader, thread.id, 2))).toBe(2);
      expect(await unreadIn(thread.id)).toBe(1);
      expect(await world.run(() => messages().markRead(reader, thread.id, 1))).toBe(2);
      expect(await world.run(() => messages().markRead(reader, thread.id, 99))).toBe(5);
      expect(await unreadIn(thread.id)).toBe(0);
    });

    it("counts a group's threads for its active members only, not for the pending", async () => {
      const thread = await groupThread(lead, privateGroup);
      await say(lead, thread.id);
      const unread = (user: AuthUser) => world.run(() => world.get(UnreadService).forUser(user));
      expect((await unread(member)).threads).toContainEqual(expect.objectContaining({ threadId: thread.id, unread: 2 }));
      expect((await unread(pending)).threads.map((t) => t.threadId)).not.toContain(thread.id);
    });
  });

  describe('ActivityService and ActivityIndex: what a digest counts', () => {
    const since = new Date('2026-11-23T07:00:00Z');
    const until = new Date('2026-11-30T07:00:00Z');
    const at = (day: number) => new Date(Date.UTC(2026, 10, 22 + day, 12));
    /** Dates the thread's messages, seq by seq: a day of the week (day 0 is before the window) or an instant. */
    const dated = async (threadId: string, days: (number | Date)[]) => {
      for (const [index, day] of days.entries()) {
        const createdAt = day instanceof Date ? day : at(day);
        await world.env.sql('update message set created_at = $1 where thread_id = $2 and seq = $3', [createdAt, threadId, index + 1]);
      }
    };
    let forumId: string;
    let inForum: string;
    let inGroup: string;
    let deletedMention: string;

    beforeAll(async () => {
      forumId = (await world.run(() => world.get(ForumsService).getBySlug('mobility'))).id;
      await world.env.sql('update message set created_at = $1', [at(0)]);
      inForum = (await forumThread(member, 'Winter timetables')).id; // 1 member
      await say(stranger, inForum); // 2 stranger
      await say(member, inForum, `@**${stranger.name}** can you check?`); // 3 member, mentions stranger
      deletedMention = (await say(member, inForum, `@**${stranger.name}** never mind`)).message.id; // 4 member
      await say(stranger, inForum, 'At the end of the window: the next one has it'); // 5 stranger
      await dated(inForum, [0, since, 3, 4, until]);
      await world.run(() => messages().remove(member, deletedMention));
      inGroup = (await groupThread(lead, privateGroup)).id;
      await dated(inGroup, [2]);
    });

    it('takes messages in [since, until), not deleted, by scope, with the latest of the window', async () => {
      const activity = world.get(ActivityService);
      const forumOnly = await world.run(() => activity.threadsActive([forumId], [], since, until));
      expect(forumOnly.map((t) => t.threadId)).toEqual([inForum]);
      const [thread] = forumOnly;
      expect(thread.messages.map((m) => [m.seq, m.authorId])).toEqual([
        [2, stranger.id],
        [3, member.id],
      ]);
      expect(thread.latest).toEqual({ authorId: member.id, body: `@**${stranger.name}** can you check?`, createdAt: at(3) });

      const withGroup = await world.run(() => activity.threadsActive([forumId], [privateGroup], since, until));
      expect(withGroup.map((t) => t.threadId).sort()).toEqual([inForum, inGroup].sort());
      expect(await world.run(() => activity.threadsActive([], [], since, until))).toEqual([]);
      expect((await world.run(() => activity.threadsActive(null, null, since, until))).map((t) => t.threadId).sort()).toEqual(
        [inForum, inGroup].sort(),
      );
    });

    it("indexes the rows so a reader's counts leave out their own messages and what they have read", async () => {
      const activity = world.get(ActivityService);
      const index = new ActivityIndex(await world.run(() => activity.threadsActive([forumId], [], since, until)));
      const [thread] = index.inScope(forumId);
      expect(index.count(thread, stranger.id, since, until, 0)).toEqual({ fresh: 1, unread: 1 });
      expect(index.count(thread, member.id, since, until, 0)).toEqual({ fresh: 1, unread: 1 });
      expect(index.count(thread, lead.id, since, until, 0)).toEqual({ fresh: 2, unread: 2 });
      await world.run(() => messages().markRead(lead, inForum, 2));
      const reads = await world.run(() => activity.readPositions([lead.id, member.id], [inForum]));
      expect(reads).toEqual(new Map([[`${lead.id} ${inForum}`, 2]]));
      expect(index.count(thread, lead.id, since, until, reads.get(`${lead.id} ${inForum}`)!)).toEqual({ fresh: 2, unread: 1 });
    });

    it('lists mentions of the window, not those of deleted messages', async () => {
      const mentions = await world.run(() => world.get(ActivityService).mentions([stranger.id, member.id], since, until));
      expect(mentions.map((m) => [m.userId, m.threadId, m.seq, m.authorId])).toEqual([[stranger.id, inForum, 3, member.id]]);
    });
  });
});
