import { performance } from 'node:perf_hooks';

/**
 * What live.bench.ts and its receiver processes (live-receiver.ts) share: the clock, how a
 * message carries its send time, the latency histogram and the IPC messages between them.
 */

/**
 * A high-resolution wall clock in ms. Every process of the benchmark runs on this machine, so
 * a time taken in the sender is comparable with one taken in a receiver.
 */
export const clock = (): number => performance.timeOrigin + performance.now();

/**
 * A clientMsgId (`[\w-]{1,64}`) that names the step a message belongs to and when it was sent:
 * `<tag>_<index>_<sent at, µs since the epoch>`. The tag must not contain `_`.
 */
export function encodeClientMsgId(tag: string, index: number, sentAt: number): string {
  return `${tag}_${index}_${Math.round(sentAt * 1000)}`;
}

export function decodeClientMsgId(clientMsgId: string): { tag: string; sentAt: number } | null {
  const match = /^([A-Za-z0-9-]+)_\d+_(\d+)$/.exec(clientMsgId);
  return match ? { tag: match[1], sentAt: Number(match[2]) / 1000 } : null;
}

/** Log-scale buckets 1 % wide above 0.05 ms: a few hundred counters cover up to minutes. */
const GROWTH = Math.log(1.01);
const BASE_MS = 0.05;
const BUCKETS = 2048;

/** A mergeable latency histogram (ms); percentiles are exact to about 1 %. */
export class Histogram {
  private readonly counts = new Uint32Array(BUCKETS);
  count = 0;

  record(ms: number): void {
    // Clocks of different processes may disagree by a few µs: a negative latency counts as 0.
    const bucket = Math.min(BUCKETS - 1, Math.round(Math.log1p(Math.max(0, ms) / BASE_MS) / GROWTH));
    this.counts[bucket]++;
    this.count++;
  }

  /** The non-empty buckets as [bucket, count] pairs (what goes over IPC). */
  toPairs(): [number, number][] {
    const pairs: [number, number][] = [];
    this.counts.forEach((count, bucket) => {
      if (count) pairs.push([bucket, count]);
    });
    return pairs;
  }

  addPairs(pairs: [number, number][]): void {
    for (const [bucket, count] of pairs) {
      this.counts[bucket] += count;
      this.count += count;
    }
  }

  /** The latency (ms) below which a fraction `p` (0..1) of the samples lie; NaN when empty. */
  percentile(p: number): number {
    if (!this.count) return NaN;
    const rank = Math.max(1, Math.ceil(p * this.count));
    let seen = 0;
    for (let bucket = 0; bucket < BUCKETS; bucket++) {
      seen += this.counts[bucket];
      if (seen >= rank) return BASE_MS * Math.expm1(bucket * GROWTH);
    }
    return Infinity;
  }
}

/** Parent -> receiver process. */
export type ReceiverCommand =
  | { type: 'connect'; url: string; token: string; threadId: string; count: number; concurrency: number }
  | { type: 'stats'; tag: string; withHistogram: boolean }
  | { type: 'disconnect' };

/** Receiver process -> parent. */
export type ReceiverReport =
  | { type: 'connected'; joined: number; failed: number; firstError: string | null }
  | {
      type: 'stats';
      tag: string;
      withHistogram: boolean;
      received: number;
      lastAt: number;
      histogram: [number, number][];
      connected: number;
    }
  | { type: 'disconnected' };
