import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { EntityManager } from '@mikro-orm/postgresql';
import { UnrecoverableError } from 'bullmq';
import { isPermanentMailError, mailDomain, MailTransport } from '@agora/mail';
import { Batcher, Env, pgArray } from '@agora/platform';
import { UnsubscribeTokens } from './unsubscribe-tokens';

interface ClaimedDigest {
  id: string;
  userId: string;
  recipient: string;
  periodKey: string;
  subject: string;
  html: string;
  text: string;
}

export type SendOutcome = 'sent' | 'already-done';

/**
 * Sends one recorded digest, exactly once as far as a mail system allows:
 * 1. claim: `ready` (or `sending`, after a crash) -> `sending`, in one conditional UPDATE; a
 *    digest that is `sent`, `empty` or `failed` is left alone, so a duplicate job does nothing;
 * 2. hand the mail to SMTP with a Message-ID derived from (user, period);
 * 3. record `sent` only once the server has accepted it.
 * A worker killed between 2 and 3 leaves `sending`: the retry sends again with the same
 * Message-ID (a receiving system can tell it is the same mail). That window is a few
 * milliseconds per mail; the alternative, never resending a `sending` digest, would lose every
 * mail whose worker died before the server had accepted it.
 */
@Injectable()
export class DigestSender {
  private readonly mailDomain: string;
  /** Claims and completions of concurrent jobs go to the database together (see Batcher). */
  private readonly claims = new Batcher<{ userId: string; periodKey: string }, ClaimedDigest>(
    (keys) => this.claimAll(keys),
    (key) => `${key.userId} ${key.periodKey}`,
    20,
  );
  private readonly sent = new Batcher<{ id: string; messageId: string }, true>(
    (keys) => this.markSent(keys),
    (key) => key.id,
    20,
  );

  constructor(
    private readonly em: EntityManager,
    private readonly transport: MailTransport,
    private readonly tokens: UnsubscribeTokens,
    private readonly config: ConfigService<Env, true>,
  ) {
    this.mailDomain = mailDomain(config.get('MAIL_FROM', { infer: true }));
  }

  async send(userId: string, periodKey: string, lastAttempt: boolean): Promise<SendOutcome> {
    const digest = await this.claims.load({ userId, periodKey });
    if (!digest) return 'already-done';
    const messageId = `<digest-${digest.userId}-${digest.periodKey}@${this.mailDomain}>`;
    try {
      await this.transport.send({
        to: digest.recipient,
        subject: digest.subject,
        html: digest.html,
        text: digest.text,
        messageId,
        headers: this.unsubscribeHeaders(digest.userId),
      });
    } catch (error) {
      const permanent = isPermanentMailError(error);
      const failed = permanent || lastAttempt;
      await this.em.execute('update digest set status = ?, last_error = ? where id = ?', [
        failed ? 'failed' : 'ready',
        describe(error),
        digest.id,
      ]);
      if (permanent) throw new UnrecoverableError(`refused for good: ${describe(error)}`);
      throw error;
    }
    await this.sent.load({ id: digest.id, messageId });
    return 'sent';
  }

  private async claimAll(keys: { userId: string; periodKey: string }[]): Promise<Map<string, ClaimedDigest>> {
    const rows = await this.em.execute<ClaimedDigest[]>(
      `update digest d set status = 'sending', attempts = d.attempts + 1
         from unnest(?::uuid[], ?::text[]) as k(user_id, period_key)
        where d.user_id = k.user_id and d.period_key = k.period_key and d.status in ('ready', 'sending')
        returning d.id, d.user_id as "userId", d.recipient, d.period_key as "periodKey", d.subject, d.html, d.text`,
      [pgArray(keys.map((k) => k.userId)), pgArray(keys.map((k) => k.periodKey))],
    );
    return new Map(rows.map((row) => [`${row.userId} ${row.periodKey}`, row]));
  }

  /** Recorded only for mails the server accepted; a crash before this line means a resend with the same Message-ID. */
  private async markSent(keys: { id: string; messageId: string }[]): Promise<Map<string, true>> {
    await this.em.execute(
      `update digest d set status = 'sent', sent_at = now(), message_id = k.message_id, last_error = null
         from unnest(?::uuid[], ?::text[]) as k(id, message_id) where d.id = k.id`,
      [pgArray(keys.map((k) => k.id)), pgArray(keys.map((k) => `"${k.messageId}"`))],
    );
    return new Map(keys.map((k) => [k.id, true]));
  }

  /** RFC 2369 and RFC 8058: a link (and a mailto) that unsubscribes with one click, no sign-in. */
  unsubscribeHeaders(userId: string): Record<string, string> {
    const token = this.tokens.issue(userId);
    const url = `${this.config.get('PUBLIC_URL', { infer: true })}/api/unsubscribe?token=${token}`;
    return {
      'List-Unsubscribe': `<${url}>, <mailto:unsubscribe@${this.mailDomain}?subject=unsubscribe%20${token}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    };
  }
}

function describe(error: unknown): string {
  const { responseCode, response, message } = (error ?? {}) as { responseCode?: number; response?: string; message?: string };
  return (response ?? message ?? String(error)).slice(0, 500) + (responseCode ? ` (SMTP ${responseCode})` : '');
}
