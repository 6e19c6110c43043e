import type { DigestContent } from './digest.content';
import { dictionary } from './digest.i18n';
import { htmlMail, renderDigest, sectionsOf, textMail } from './digest.renderer';

const t = dictionary('en');
const links = { publicUrl: 'https://agora.test', unsubscribeUrl: 'https://agora.test/unsubscribe/tok' };

const content = (overrides: Partial<DigestContent> = {}): DigestContent => ({
  userId: 'u',
  name: 'Giulia <Rossi>',
  email: 'giulia@agora.test',
  kind: 'weekly',
  since: new Date('2026-11-23T07:00:00Z'),
  until: new Date('2026-11-30T07:00:00Z'),
  threads: [],
  mentions: [],
  posts: [],
  offers: [],
  events: [],
  ...overrides,
});

const thread = {
  threadId: 't1',
  title: 'Cargo bikes',
  where: 'Mobility',
  newMessages: 3,
  unread: 2,
  latestAuthor: 'Anna',
  excerpt: 'It works',
};
const mention = { threadId: 't2', threadTitle: 'Night buses', author: 'Jonas', excerpt: 'What do you think?' };
const event = { eventId: 'e1', title: 'Plenary', startsAt: new Date('2026-12-03T14:30:00Z'), place: 'Lyon', rsvp: 'going' };

describe('sectionsOf', () => {
  it('puts mentions before threads and events last, leaving empty sections out', () => {
    const sections = sectionsOf(content({ threads: [thread], mentions: [mention], events: [event] }), t, links.publicUrl);
    expect(sections.map((section) => section.heading)).toEqual([t.mentionsHeading, t.threadsHeading, t.eventsHeading]);
    expect(sections[0].entries).toEqual([
      { title: t.mentionedBy('Jonas', 'Night buses'), detail: 'What do you think?', link: 'https://agora.test/threads/t2' },
    ]);
    expect(sections[2].entries[0]).toMatchObject({
      detail: t.eventLine('2026-12-03 14:30 UTC', 'Lyon', 'going'),
      link: 'https://agora.test/events/e1',
    });
  });
});

describe('the two formats', () => {
  const sections = sectionsOf(content({ threads: [thread] }), t, links.publicUrl);

  it('words a thread on one line in HTML and on two in text', () => {
    const html = htmlMail(content({ threads: [thread] }), 'Subject', sections, t, links);
    expect(html).toContain(`Cargo bikes — Mobility</div>`);
    expect(html).toContain(`${t.threadLine(3, 2)} · Anna: It works</div>`);
    const text = textMail(content({ threads: [thread] }), sections, t, links).split('\n');
    expect(text).toEqual(
      expect.arrayContaining([`* Cargo bikes (Mobility): ${t.threadLine(3, 2)}`, '  Anna: It works', '  https://agora.test/threads/t1']),
    );
  });

  it('escapes what users wrote in the HTML and leaves the text as written', () => {
    const mail = renderDigest(content(), 'en', links);
    expect(mail.html).toContain(t.greeting('Giulia &lt;Rossi&gt;'));
    expect(mail.text.startsWith(t.greeting('Giulia <Rossi>'))).toBe(true);
    expect(mail.text.endsWith(`${t.unsubscribe}: https://agora.test/unsubscribe/tok`)).toBe(true);
  });
});
