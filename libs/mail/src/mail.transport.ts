import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createTransport, Transporter } from 'nodemailer';

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
  ) {
    this.transporter = smtpUrl
      ? createTransport(`${smtpUrl}${smtpUrl.includes('?') ? '&' : '?'}pool=true`)
      : createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  }

  get toOutbox(): boolean {
    return this.transporter.transporter.name === 'StreamTransport';
  }

  async send(mail: OutgoingMail): Promise<SentMail> {
    const info = (await this.transporter.sendMail({ from: this.from, ...mail })) as {
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

/** A 5xx reply means the server will never take this mail: retrying is pointless. */
export function isPermanentMailError(error: unknown): boolean {
  const code = (error as { responseCode?: unknown })?.responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

/** The domain of the sender address: it names Message-IDs and the unsubscribe mailbox. */
export function mailDomain(from: string): string {
  return /@([^>\s]+)/.exec(from)?.[1] ?? 'agora.localhost';
}
