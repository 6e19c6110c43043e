import { HttpException, HttpStatus, Logger } from '@nestjs/common';
import type Redis from 'ioredis';
import { problem } from '../errors/problem';

/**
 * Takes one attempt out of the window, unless the window already holds `limit` of them. The
 * window opens with its first attempt and is not extended by later ones, so it ends on time.
 * Returns [taken (1|0), milliseconds until the window ends].
 */
const TAKE = `
local count = tonumber(redis.call('GET', KEYS[1]) or '0')
if count < tonumber(ARGV[1]) then
  count = redis.call('INCR', KEYS[1])
  if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
  return {1, redis.call('PTTL', KEYS[1])}
end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  ttl = tonumber(ARGV[2])
end
return {0, ttl}
`;

/** Gives an attempt back; never below zero, never re-creating a window that has ended. */
const GIVE_BACK = `
if tonumber(redis.call('GET', KEYS[1]) or '0') > 0 then redis.call('DECR', KEYS[1]) end
return 0
`;

/** 429 problem+json; the caller sends `retryAfterSeconds` as the Retry-After header. */
export class TooManyAttemptsException extends HttpException {
  constructor(
    readonly retryAfterSeconds: number,
    detail: string,
  ) {
    super(problem(HttpStatus.TOO_MANY_REQUESTS, detail), HttpStatus.TOO_MANY_REQUESTS);
  }
}

/**
 * Counts failures per key (an account, say) in Redis, so every api instance shares the count.
 * An attempt is counted before it is judged and given back if it succeeds: concurrent attempts
 * cannot all slip under the limit while none has failed yet. When Redis does not answer, attempts
 * are let through (like the request rate limit): Redis may weaken a limit, never stop sign-ins.
 */
export class FailureLimiter {
  private readonly logger = new Logger(FailureLimiter.name);

  constructor(
    private readonly redis: Redis,
    private readonly name: string,
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Counts an attempt on `key`; throws TooManyAttemptsException when the window is full. */
  async attempt(key: string, detail: string): Promise<void> {
    let result: [number, number];
    try {
      result = (await this.redis.eval(TAKE, 1, this.key(key), this.limit, this.windowMs)) as [number, number];
    } catch (error) {
      this.logger.warn(`${this.name} limit skipped, Redis did not answer: ${(error as Error).message}`);
      return;
    }
    const [taken, remainingMs] = result;
    if (!taken) throw new TooManyAttemptsException(Math.max(1, Math.ceil(remainingMs / 1000)), detail);
  }

  /** The attempt on `key` succeeded: it is not a failure. The others' failures stay counted. */
  async succeeded(key: string): Promise<void> {
    await this.redis.eval(GIVE_BACK, 1, this.key(key)).catch(() => undefined);
  }

  private key(key: string): string {
    return `${this.name}:${key}`;
  }
}
