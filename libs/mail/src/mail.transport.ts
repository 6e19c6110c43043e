import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { connect, Socket } from 'node:net';
import { createTransport, Transporter } from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool';
import { parseConnectionUrl } from 'nodemailer/lib/shared';

export interface OutgoingMail {
  to: string;
  subject: string;
  html: string;
  text: string;
  /** Deterministic, e.g. `<digest-<user>-<period>@agora>`: the same mail keeps one identity across retries. */
  messageId: string;
  headers?: Record<string, string>;
}

export interface SentMail {
  messageId: string;
  accepted: string[];
  /** Where an outbox mail was written (no SMTP_URL). */
  file?: string;
}

export interface SendOptions {
  /**
   * Asked once an SMTP connection is free, right before the mail is handed over; `false` cancels
   * the send (the digest sender checks here that it still holds the digest's lease).
   */
  confirm?: () => Promise<boolean>;
}

/**
 * Bounds on every SMTP conversation, so that an unreachable or stuck server fails the attempt
 * (which is retried) instead of holding a job forever. The socket timeout stays below the
 * default job lock (JOB_LOCK_MS, 30 s): a send that hangs gives up before another worker may
 * take the digest over.
 */
export const SMTP_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 } as const;

/** SMTP, pooled (SMTP_URL), or .eml files in the outbox folder when no server is configured. */
export class MailTransport {
  private readonly transporter: Transporter;
  private readonly slots: Slots;

  constructor(
    private readonly from: string,
    smtpUrl: string | undefined,
    private readonly outboxDir: string,
    poolSize = 10,
  ) {
    this.transporter = smtpUrl
      ? createTransport(smtpOptions(smtpUrl, poolSize))
      : createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
    this.slots = new Slots(poolSize);
  }

  get toOutbox(): boolean {
    return this.transporter.transporter.name === 'StreamTransport';
  }

  /**
   * Sends one mail, or nothing when `options.confirm` says no (then null). At most `poolSize`
   * mails are handed to nodemailer at once, so a confirmed mail finds a free connection instead
   * of waiting in nodemailer's queue after its confirmation.
   */
  async send(mail: OutgoingMail, options: SendOptions = {}): Promise<SentMail | null> {
    await this.slots.acquire();
    try {
      if (options.confirm && !(await options.confirm())) return null;
      return await this.deliver(mail);
    } finally {
      this.slots.release();
    }
  }

  private async deliver(mail: OutgoingMail): Promise<SentMail> {
    // base64 parts: nodemailer otherwise scans every part to choose an encoding and then
    // quoted-printable-encodes it, which was a sixth of the worker's CPU in bench:digest.
    const info = (await this.transporter.sendMail({ from: this.from, textEncoding: 'base64', ...mail })) as {
      messageId: string;
      accepted?: string[];
      message?: Buffer;
    };
    if (!this.toOutbox) return { messageId: info.messageId, accepted: info.accepted ?? [] };
    await mkdir(this.outboxDir, { recursive: true });
    const file = join(this.outboxDir, `${Date.now()}-${mail.messageId.replace(/[^\w.@-]/g, '_')}.eml`);
    await writeFile(file, info.message ?? '');
    return { messageId: info.messageId, accepted: [mail.to], file };
  }

  close(): void {
    this.transporter.close();
  }
}

/**
 * nodemailer's pooled SMTP options for an `smtp://` or `smtps://` URL. The URL is parsed here:
 * given as `url`, nodemailer's createTransport would keep the URL's options and drop every
 * other one (the pool, its size, the socket factory and the timeouts below).
 */
export function smtpOptions(smtpUrl: string, poolSize: number): SMTPPool.Options {
  return {
    ...parseConnectionUrl(smtpUrl),
    pool: true,
    maxConnections: poolSize,
    maxMessages: 1000,
    ...SMTP_TIMEOUTS,
    getSocket: connectWithoutDelay,
  };
}

/**
 * Where the socket goes. nodemailer fills `port` only when the URL names one; since getSocket
 * opens the socket, the default is ours to give, and it must be nodemailer's own: 465 (implicit
 * TLS) for `smtps://`, 587 for `smtp://`.
 */
export function smtpTarget(options: { host?: string; port?: number; secure?: boolean }): { host: string; port: number } {
  return { host: options.host ?? 'localhost', port: options.port || (options.secure ? 465 : 587) };
}

/**
 * Opens the SMTP connection with Nagle's algorithm off. nodemailer leaves it on, and SMTP's
 * small command/reply exchanges then wait on delayed ACKs, which made each mail wait tens of
 * milliseconds even against a local server (bench:digest, docs/benchmarks.md). nodemailer's
 * connection timeout starts only once this socket is handed over, so connecting has its own.
 */
function connectWithoutDelay(
  options: { host?: string; port?: number; secure?: boolean },
  callback: (error: Error | null, socket?: { connection: Socket }) => void,
): void {
  const socket = connect(smtpTarget(options));
  socket.setNoDelay(true);
  let done = false;
  const finish = (error: Error | null) => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    if (error) socket.destroy();
    callback(error, error ? undefined : { connection: socket });
  };
  const timer = setTimeout(() => finish(new Error('SMTP connection timeout')), SMTP_TIMEOUTS.connectionTimeout);
  socket.once('connect', () => finish(null));
  socket.once('error', (error) => finish(error));
}

/** A counting semaphore: how many mails are with nodemailer at once. */
class Slots {
  private readonly waiting: (() => void)[] = [];

  constructor(private free: number) {}

  async acquire(): Promise<void> {
    if (this.free > 0) {
      this.free--;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  /** Hands the slot straight to the next waiter, if any. */
  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.free++;
  }
}

/** A 5xx reply means the server will never take this mail: retrying is pointless. */
export function isPermanentMailError(error: unknown): boolean {
  const code = (error as { responseCode?: unknown })?.responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

/** The domain of the sender address: it names Message-IDs and the unsubscribe mailbox. */
export function mailDomain(from: string): string {
  return /@([^>\s]+)/.exec(from)?.[1] ?? 'agora.localhost';
}
