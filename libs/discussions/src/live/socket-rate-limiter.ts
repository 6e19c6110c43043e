/**
 * A token bucket per socket: `burst` events at once, refilled at `perSecond`. In memory, since
 * a socket lives on one instance; a client that opens many sockets is bounded by the HTTP limits
 * on sign-in and by the handshake.
 */
export class SocketRateLimiter {
  private readonly buckets = new WeakMap<object, { tokens: number; at: number }>();

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
  ) {}

  take(socket: object, now = Date.now()): boolean {
    const bucket = this.buckets.get(socket) ?? { tokens: this.burst, at: now };
    bucket.tokens = Math.min(this.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.perSecond);
    bucket.at = now;
    const allowed = bucket.tokens >= 1;
    if (allowed) bucket.tokens -= 1;
    this.buckets.set(socket, bucket);
    return allowed;
  }
}
