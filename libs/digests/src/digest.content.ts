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

/** What one digest mail tells one user. */
export interface DigestContent {
  userId: string;
  name: string;
  email: string;
  kind: DigestKind;
  since: Date;
  until: Date;
  threads: ThreadItem[];
  mentions: MentionItem[];
}

export const isEmpty = (content: DigestContent): boolean => content.threads.length === 0 && content.mentions.length === 0;

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
