import type { DigestKind } from './digest.entity';

export interface ThreadItem {
  threadId: string;
  title: string;
  /** "Mobility" or "Mobility · Night Buses". */
  where: string;
  newMessages: number;
  unread: number;
  latestAuthor: string;
  excerpt: string;
}

export interface MentionItem {
  threadId: string;
  threadTitle: string;
  author: string;
  excerpt: string;
}

export interface PostItem {
  postId: string;
  title: string;
  summary: string;
  where: string;
}

export interface OfferItem {
  offerId: string;
  topic: string;
  hostCity: string;
  deadline: string;
  placesLeft: number;
}

export interface EventItem {
  eventId: string;
  title: string;
  startsAt: Date;
  place: string | null;
  /** The user's own answer, for a reminder; null for an event they have not answered. */
  rsvp: string | null;
}

/** Who a digest mail goes to, and the window of activity it covers. */
export interface DigestEnvelope {
  userId: string;
  name: string;
  email: string;
  kind: DigestKind;
  since: Date;
  until: Date;
}

/** What one digest mail tells one user. */
export interface DigestContent extends DigestEnvelope {
  threads: ThreadItem[];
  mentions: MentionItem[];
  posts: PostItem[];
  offers: OfferItem[];
  events: EventItem[];
}

/** Upcoming events alone do not make a mail worth sending: they ride along with news. */
export const isEmpty = (content: DigestContent): boolean =>
  content.threads.length + content.mentions.length + content.posts.length + content.offers.length === 0 &&
  !content.events.some((event) => event.rsvp);

/** Markdown to a one-line plain excerpt for a mail (the HTML version is escaped on output). */
export function excerpt(markdown: string, max = 160): string {
  const plain = markdown
    .replace(/```[\s\S]*?```/g, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/!\[[^\]]*\]\([^)]*\)/g, ' ')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/@\*\*([^*]+)\*\*/g, '@$1')
    .replace(/[*_`>#~|-]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return plain.length > max ? `${plain.slice(0, max - 1).trimEnd()}…` : plain;
}
