import type { ThreadActivity } from '@agora/discussions';
import { excerpt } from './digest.content';

export interface IndexedThread {
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
export class ActivityIndex {
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

export function groupBy<T, V = T>(
  items: T[],
  key: (item: T) => string,
  value: (item: T) => V = (item) => item as unknown as V,
): Map<string, V[]> {
  const groups = new Map<string, V[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(value(item));
    else groups.set(k, [value(item)]);
  }
  return groups;
}
