import type { DigestLanguage } from './digest-preference.entity';
import type { DigestKind } from './digest.entity';

/** Every string of a digest mail. English is complete; a language without a dictionary falls back to it. */
export interface DigestDictionary {
  subject(kind: DigestKind, counts: { threads: number; mentions: number; posts: number; offers: number }): string;
  greeting(name: string): string;
  intro(kind: DigestKind): string;
  mentionsHeading: string;
  mentionedBy(author: string, thread: string): string;
  threadsHeading: string;
  threadLine(newMessages: number, unread: number): string;
  postsHeading: string;
  offersHeading: string;
  offerLine(hostCity: string, deadline: string, placesLeft: number): string;
  eventsHeading: string;
  eventLine(when: string, place: string | null, rsvp: string | null): string;
  open: string;
  footer: string;
  preferences: string;
  unsubscribe: string;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

const en: DigestDictionary = {
  subject: (kind, { threads, mentions, posts, offers }) => {
    const parts = [
      threads ? plural(threads, 'active thread', 'active threads') : '',
      mentions ? plural(mentions, 'mention', 'mentions') : '',
      posts ? plural(posts, 'new best practice', 'new best practices') : '',
      offers ? plural(offers, 'staff exchange', 'staff exchanges') : '',
    ].filter(Boolean);
    if (!parts.length) parts.push('upcoming events');
    const label = kind === 'mentions' ? 'You were mentioned on Agora' : `Your ${kind} Agora digest`;
    return `${label}: ${parts.join(', ')}`;
  },
  greeting: (name) => `Hello ${name},`,
  intro: (kind) =>
    kind === 'mentions'
      ? 'Colleagues mentioned you in the last few minutes.'
      : `Here is what happened ${kind === 'daily' ? 'since yesterday' : 'this past week'} in the forums and working groups you follow.`,
  mentionsHeading: 'You were mentioned',
  mentionedBy: (author, thread) => `${author} in “${thread}”`,
  threadsHeading: 'Active discussions',
  threadLine: (newMessages, unread) => `${plural(newMessages, 'new message', 'new messages')}, ${unread} unread`,
  postsHeading: 'New best practices',
  offersHeading: 'Staff exchanges open for applications',
  offerLine: (hostCity, deadline, placesLeft) =>
    `Hosted by ${hostCity} · apply by ${deadline} · ${plural(placesLeft, 'place', 'places')} left`,
  eventsHeading: 'Coming up',
  eventLine: (when, place, rsvp) => [when, place, rsvp ? `you answered: ${rsvp}` : ''].filter(Boolean).join(' · '),
  open: 'Open',
  footer: 'You get this mail because you follow these forums and working groups on Agora.',
  preferences: 'Digest settings',
  unsubscribe: 'Unsubscribe',
};

/** Italian, German and French plug in here as translators deliver them. */
const DICTIONARIES: Partial<Record<DigestLanguage, DigestDictionary>> = { en };

export function dictionary(language: DigestLanguage): DigestDictionary {
  return DICTIONARIES[language] ?? en;
}
