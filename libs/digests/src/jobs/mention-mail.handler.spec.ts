import type { WorkingGroupsService } from '@agora/forums';
import type { User, UsersService } from '@agora/identity';
import type { JobOf, JobName } from '@agora/platform';
import type { DigestComposer, DigestRecipient } from '../digest.composer';
import type { DigestContent } from '../digest.content';
import type { DigestPlanner } from '../digest.planner';
import type { DigestPreferencesService } from '../digest-preferences.service';
import type { DigestRecords } from '../digest.records';
import type { DigestSender } from '../digest.sender';
import { MentionMailHandler } from './mention-mail.handler';

const user = { id: 'giulia', name: 'Giulia Rossi', email: 'giulia@agora.test' } as User;
const job = {
  data: {
    userId: 'giulia',
    windowKey: 'mentions-20261126193500',
    windowStart: '2026-11-26T19:35:00.000Z',
    windowEnd: '2026-11-26T19:40:00.000Z',
  },
  attemptsMade: 0,
  opts: { attempts: 5 },
} as unknown as JobOf<JobName.MentionMail>;

/** The handler over stand-ins for its services: who the user is, what they follow, what the composer finds. */
function handler(options: { frequency?: string; levels?: [string, string][]; mentions?: DigestContent['mentions'] } = {}) {
  const composed: DigestRecipient[][] = [];
  const inserted: unknown[] = [];
  const sent: string[] = [];
  const subject = new MentionMailHandler(
    { findByIds: (ids: string[]) => Promise.resolve(ids.includes(user.id) ? [user] : []) } as unknown as UsersService,
    { activeGroupsOf: () => Promise.resolve(new Map([['giulia', ['night-buses']]])) } as unknown as WorkingGroupsService,
    {
      schedulesOf: () => Promise.resolve(new Map([['giulia', { frequency: options.frequency ?? 'weekly', language: 'it' }]])),
      levelsOf: () => Promise.resolve(new Map([['giulia', new Map(options.levels ?? [['mobility', 'every-update']])]])),
    } as unknown as DigestPreferencesService,
    {
      compose: (recipients: DigestRecipient[]) => {
        composed.push(recipients);
        const [r] = recipients;
        return Promise.resolve([{ ...r, threads: [], mentions: options.mentions ?? [], posts: [], offers: [], events: [] }]);
      },
    } as unknown as DigestComposer,
    { insert: (rows: unknown[]) => Promise.resolve(void inserted.push(...rows)) } as unknown as DigestRecords,
    { links: () => ({ publicUrl: 'https://agora.test', unsubscribeUrl: 'https://agora.test/u' }) } as unknown as DigestPlanner,
    { send: (userId: string) => Promise.resolve(void sent.push(userId)).then(() => 'sent' as const) } as unknown as DigestSender,
  );
  return { subject, composed, inserted, sent };
}

describe('MentionMailHandler', () => {
  const mention = { threadId: 't', threadTitle: 'Night buses', author: 'Jonas Weber', excerpt: '@Giulia Rossi what do you think?' };

  it('mails the window’s mentions in the scopes the user follows at "every update", in their language', async () => {
    const { subject, composed, inserted, sent } = handler({
      levels: [
        ['mobility', 'every-update'],
        ['culture', 'weekly'],
      ],
      mentions: [mention],
    });
    await expect(subject.handle(job)).resolves.toBe('sent');
    expect(composed).toEqual([
      [
        expect.objectContaining({
          userId: 'giulia',
          kind: 'mentions',
          since: new Date('2026-11-26T19:35:00Z'),
          until: new Date('2026-11-26T19:40:00Z'),
          forumIds: [],
          groupIds: [],
          withMentions: true,
          memberOf: ['night-buses'],
          mentionScopes: ['mobility'],
        }),
      ],
    ]);
    expect(inserted).toEqual([expect.objectContaining({ recipient: 'giulia@agora.test', periodKey: 'mentions-20261126193500' })]);
    expect((inserted[0] as { rendered: { text: string } }).rendered.text).toContain('@Giulia Rossi what do you think?');
    expect(sent).toEqual(['giulia']);
  });

  it('records an empty window without sending', async () => {
    const { subject, inserted, sent } = handler({ mentions: [] });
    await expect(subject.handle(job)).resolves.toBe('nothing-new');
    expect(inserted).toEqual([expect.objectContaining({ rendered: null })]);
    expect(sent).toEqual([]);
  });

  it('sends nothing to a user who turned digests off or follows nothing at "every update"', async () => {
    for (const options of [{ frequency: 'off' }, { levels: [['mobility', 'daily']] as [string, string][] }]) {
      const { subject, composed, inserted } = handler(options);
      await expect(subject.handle(job)).resolves.toBe('not-subscribed');
      expect(composed).toEqual([]);
      expect(inserted).toEqual([]);
    }
  });
});
