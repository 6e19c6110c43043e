import { plainToInstance, Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, validateSync } from 'class-validator';

/** The development default that `NODE_ENV=production` refuses. */
export const DEV_JWT_SECRET = 'agora-development-secret-never-use-in-production';

const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));

/**
 * Every environment variable Agora reads, with its default. This class is the one place
 * configuration is documented; the README's table mirrors it.
 */
export class Env {
  @IsIn(['development', 'test', 'production'])
  NODE_ENV: 'development' | 'test' | 'production' = 'development';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  WORKER_PORT = 3001;

  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'must be a postgres:// URL' })
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/agora';

  @Matches(/^rediss?:\/\/\S+$/, { message: 'must be a redis:// URL' })
  REDIS_URL = 'redis://127.0.0.1:6379';

  /** Prefix for every Redis key (queues, rate limits, socket.io streams): isolates tests and tenants. */
  @Matches(/^[A-Za-z0-9_-]{1,64}$/, { message: 'must be 1-64 letters, digits, - or _' })
  REDIS_PREFIX = 'agora';

  @IsOptional()
  @Matches(/^smtps?:\/\/\S+$/, { message: 'must be an smtp:// or smtps:// URL' })
  SMTP_URL?: string = undefined;

  /** Sender of every mail. */
  @IsString()
  @MinLength(3)
  MAIL_FROM = 'Agora <no-reply@agora.localhost>';

  /** Where mail goes when SMTP_URL is unset: one .eml file per message. */
  @IsString()
  @MinLength(1)
  OUTBOX_DIR = 'var/outbox';

  /** SMTP connections a worker keeps open. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  SMTP_POOL_SIZE = 25;

  /** Outbound mails per second, across all workers (BullMQ's rate limiter). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  MAIL_RATE_PER_SECOND = 50;

  /** Digest jobs a worker runs at once: they mostly wait (on SMTP and on batched SQL), so many. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(200)
  DIGEST_CONCURRENCY = 150;

  /** Attempts per mail before it is recorded as failed (transient SMTP errors back off exponentially). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(20)
  MAIL_ATTEMPTS = 6;

  /** First retry delay in ms; doubles with every attempt. */
  @Transform(toInt)
  @IsInt()
  @Min(10)
  MAIL_BACKOFF_MS = 30_000;

  /** Mentions within this many seconds go out in one mail (for "every update" subscribers). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3600)
  MENTION_WINDOW_SECONDS = 300;

  /** How often the worker looks for digests that are due (seconds). */
  @Transform(toInt)
  @IsInt()
  @Min(10)
  DIGEST_TICK_SECONDS = 900;

  /** How long a worker holds a job before others may take it over (ms): bounds the wait after a worker dies. */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  JOB_LOCK_MS = 30_000;

  @Matches(/^https?:\/\/[^\s/]+(\/\S*)?$/, { message: 'must be an http(s) URL' })
  PUBLIC_URL = 'http://localhost:3000';

  /** Comma-separated origins allowed by CORS and the socket.io origin check; defaults to PUBLIC_URL. */
  @IsOptional()
  @IsString()
  CORS_ORIGINS?: string = undefined;

  @IsString()
  @MinLength(32, { message: 'must be at least 32 characters' })
  JWT_SECRET = DEV_JWT_SECRET;

  @Transform(toInt)
  @IsInt()
  @Min(30)
  @Max(86400)
  JWT_ACCESS_TTL_SECONDS = 900;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(365)
  JWT_REFRESH_TTL_DAYS = 30;

  /** Requests per minute per client IP on the whole API. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  RATE_LIMIT_PER_MINUTE = 600;

  /** Sign-in and refresh attempts per minute per client IP. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  AUTH_RATE_LIMIT_PER_MINUTE = 10;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';
}

export class ConfigError extends Error {}

/** Validates `raw` (usually process.env); throws a ConfigError whose message is one line naming the variable. */
export function validateEnv(raw: Record<string, unknown>): Env {
  const known = Object.keys(new Env());
  const given = Object.fromEntries(
    Object.entries(raw).filter(([key, value]) => known.includes(key) && value !== undefined && value !== ''),
  );
  const env = plainToInstance(Env, given);
  const [first] = validateSync(env, { whitelist: true });
  if (first) {
    const reason = Object.values(first.constraints ?? {})[0] ?? 'is invalid';
    throw new ConfigError(`Invalid configuration: ${first.property} ${reason.replace(`${first.property} `, '')}`);
  }
  if (env.NODE_ENV === 'production' && env.JWT_SECRET === DEV_JWT_SECRET) {
    throw new ConfigError('Invalid configuration: JWT_SECRET must be set in production (the development default is refused)');
  }
  return env;
}

export function corsOrigins(config: { get(key: 'CORS_ORIGINS' | 'PUBLIC_URL'): string | undefined }): string[] {
  return (config.get('CORS_ORIGINS') ?? config.get('PUBLIC_URL') ?? '')
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
}
