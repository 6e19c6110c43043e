import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { connect, Socket } from 'node:net';
import { createTransport, Transporter } from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool';

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

/** SMTP, pooled (SMTP_URL), or .eml files in the outbox folder when no server is configured. */
export class MailTransport {
  private readonly transporter: Transporter;

  constructor(
    private readonly from: string,
    smtpUrl: string | undefined,
    private readonly outboxDir: string,
    poolSize = 10,
  ) {
    this.transporter = smtpUrl
      ? createTransport({
          url: smtpUrl,
          pool: true,
          maxConnections: poolSize,
          maxMessages: 1000,
          getSocket: connectWithoutDelay,
        } as SMTPPool.Options)
      : createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  }

  get toOutbox(): boolean {
    return this.transporter.transporter.name === 'StreamTransport';
  }

  async send(mail: OutgoingMail): Promise<SentMail> {
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
 * Opens the SMTP connection with Nagle's algorithm off. nodemailer leaves it on, and SMTP's
 * small command/reply exchanges then wait on delayed ACKs: ~44 ms a mail on one connection,
 * ~2 ms without (measured by bench:digest against a local server).
 */
function connectWithoutDelay(
  options: { host?: string; port?: number },
  callback: (error: Error | null, socket?: { connection: Socket }) => void,
): void {
  const socket = connect({ host: options.host, port: options.port ?? 25 });
  socket.setNoDelay(true);
  socket.once('connect', () => callback(null, { connection: socket }));
  socket.once('error', (error) => callback(error));
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
