import { isIP } from 'node:net';
import { plainToInstance, Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, ValidateIf, validateSync } from 'class-validator';
import { isPublishedSecret, loadOrCreateSecret } from './jwt-secret';

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

  /**
   * Signs the access tokens. Unset (outside production), it is read from JWT_SECRET_FILE, which the
   * first process to start fills with 256 random bits; there is no default value anyone could know.
   */
  @ValidateIf((env: Env) => env.JWT_SECRET !== '')
  @IsString()
  @MinLength(32, { message: 'must be at least 32 characters' })
  JWT_SECRET = '';

  /** Where the generated JWT secret is kept when JWT_SECRET is unset (created with mode 0600; var/ is git-ignored). */
  @IsString()
  @MinLength(1)
  JWT_SECRET_FILE = 'var/jwt-secret';

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

  /** Sign-in, refresh and invitation-acceptance attempts per minute per client IP (each route counted apart). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  AUTH_RATE_LIMIT_PER_MINUTE = 10;

  /** Failed sign-ins per account (normalized e-mail, known or not) per window; then 429 until the window ends. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_FAILURE_LIMIT = 10;

  /** The per-account window, opened by the first failure (OWASP ASVS: about 10 failures per 15 minutes). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1440)
  LOGIN_FAILURE_WINDOW_MINUTES = 15;

  /**
   * Comma-separated addresses or CIDRs of the reverse proxies in front of the api (or proxy-addr's
   * `loopback`, `linklocal`, `uniquelocal`). Only then is X-Forwarded-For believed, so the client
   * address that rate limits count is the real client's. Unset, the socket's peer is the client.
   */
  @IsOptional()
  @IsString()
  TRUST_PROXY?: string = undefined;

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
  trustedProxies(env);
  env.JWT_SECRET = jwtSecret(env);
  return env;
}

function jwtSecret(env: Env): string {
  if (env.JWT_SECRET && isPublishedSecret(env.JWT_SECRET)) {
    throw new ConfigError('Invalid configuration: JWT_SECRET is a value published in the repository; generate one (openssl rand -hex 32)');
  }
  if (env.JWT_SECRET) return env.JWT_SECRET;
  // Instances on different machines must share the secret, and a file per machine would make
  // their tokens fail on each other: production names it.
  if (env.NODE_ENV === 'production') throw new ConfigError('Invalid configuration: JWT_SECRET must be set in production');
  let secret: string;
  try {
    secret = loadOrCreateSecret(env.JWT_SECRET_FILE);
  } catch (error) {
    throw new ConfigError(`Invalid configuration: JWT_SECRET_FILE ${env.JWT_SECRET_FILE}: ${(error as Error).message}`);
  }
  if (secret.length < 32)
    throw new ConfigError(`Invalid configuration: JWT_SECRET_FILE ${env.JWT_SECRET_FILE} holds fewer than 32 characters`);
  return secret;
}

const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

/** TRUST_PROXY as Fastify's `trustProxy` wants it: the list, or false (believe no forwarded header). */
export function trustedProxies(env: Pick<Env, 'TRUST_PROXY'>): string[] | false {
  const entries = (env.TRUST_PROXY ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  const bad = entries.find((entry) => !PROXY_NAMES.includes(entry) && !isAddressOrCidr(entry));
  if (bad !== undefined) throw new ConfigError(`Invalid configuration: TRUST_PROXY ${JSON.stringify(bad)} is not an address or CIDR`);
  return entries.length ? entries : false;
}

function isAddressOrCidr(entry: string): boolean {
  const [address, bits, ...rest] = entry.split('/');
  const version = isIP(address);
  if (!version || rest.length) return false;
  return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (version === 4 ? 32 : 128));
}

export function corsOrigins(config: { get(key: 'CORS_ORIGINS' | 'PUBLIC_URL'): string | undefined }): string[] {
  return (config.get('CORS_ORIGINS') ?? config.get('PUBLIC_URL') ?? '')
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
}
