import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { EntityManager } from '@mikro-orm/postgresql';
import { UnrecoverableError } from 'bullmq';
import { isPermanentMailError, mailDomain, MailTransport } from '@agora/mail';
import { Batcher, Env, runSql } from '@agora/platform';
import { claimDigests, leasedDigests, markSent, recordFailure, renewLeases } from './digests.queries';
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

/** What a claim found instead: another worker's lease, live until then. */
interface LeasedElsewhere {
  leasedUntil: Date;
}

interface ClaimKey {
  userId: string;
  periodKey: string;
  /** This claim's lease token: only its holder may renew the lease or record the outcome. */
  token: string;
}

interface Lease {
  id: string;
  token: string;
}

/** `already-done` also when the lease was taken over: the new holder sends it. */
export type SendOutcome = 'sent' | 'already-done';

/** Another worker holds a live lease on the digest: the job is to be tried again once it expires. */
export class DigestLeased extends Error {
  constructor(readonly until: Date) {
    super(`another worker holds this digest until ${until.toISOString()}`);
  }
}

/**
 * Sends one recorded digest, exactly once as far as a mail system allows. A send is a lease:
 * 1. claim: `ready`, or `sending` whose lease has expired (its worker died or froze), becomes
 *    `sending` with a new lease token valid for JOB_LOCK_MS, in one conditional UPDATE; a live
 *    lease makes the job wait until it expires (DigestLeased); `sent`, `empty` or `failed` is
 *    left alone, so a duplicate job does nothing;
 * 2. once an SMTP connection is free, confirm the lease (see stillHeld: a conditional UPDATE on
 *    the token that also extends it, unless the lease is young); a worker whose lease was taken
 *    over does not send;
 * 3. hand the mail to SMTP with a Message-ID derived from (user, period);
 * 4. record `sent` (or the failure) only while still holding the lease.
 * What remains (README, "Exactly once"): a worker that stalls longer than the lease between 2
 * and the server's acceptance, or dies between the acceptance and 4, has its digest sent again,
 * with the same Message-ID. SMTP has no conditional acceptance to close that gap.
 */
@Injectable()
export class DigestSender {
  private readonly mailDomain: string;
  private readonly leaseMs: number;
  /** Claims and completions of concurrent jobs go to the database together (see Batcher). */
  private readonly claims = new Batcher<ClaimKey, ClaimedDigest | LeasedElsewhere>(
    (keys) => this.claimAll(keys),
    (key) => `${key.userId} ${key.periodKey}`,
    20,
  );
  /** A short wait: a renewal sits between a free SMTP connection and the mail. */
  private readonly renewals = new Batcher<Lease, true>(
    (keys) => this.renewAll(keys),
    (key) => key.id,
    2,
  );
  private readonly sent = new Batcher<Lease & { messageId: string }, true>(
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
    this.leaseMs = config.get('JOB_LOCK_MS', { infer: true });
  }

  async send(userId: string, periodKey: string, lastAttempt: boolean): Promise<SendOutcome> {
    const token = randomUUID();
    const claimedAt = { wall: Date.now(), monotonic: performance.now() };
    const digest = await this.claims.load({ userId, periodKey, token });
    if (!digest) return 'already-done';
    if ('leasedUntil' in digest) throw new DigestLeased(digest.leasedUntil);
    const lease = { id: digest.id, token };
    const messageId = `<digest-${digest.userId}-${digest.periodKey}@${this.mailDomain}>`;
    let accepted;
    try {
      accepted = await this.transport.send(
        {
          to: digest.recipient,
          subject: digest.subject,
          html: digest.html,
          text: digest.text,
          messageId,
          headers: this.unsubscribeHeaders(digest.userId),
        },
        { confirm: () => this.stillHeld(lease, claimedAt) },
      );
    } catch (error) {
      return this.recordFailure(lease, error, lastAttempt);
    }
    if (!accepted) return 'already-done';
    await this.sent.load({ ...lease, messageId });
    return 'sent';
  }

  /**
   * Whether this worker still holds the lease, right before the mail goes out. In the first half
   * of the lease nobody can have taken it over (it was granted no earlier than `claimedAt`, and a
   * claim takes over only an expired lease), so no query is needed; an older lease is confirmed
   * and extended in the database. Elapsed time is the larger of the wall clock's and the
   * monotonic clock's, so neither a clock set back nor a suspended machine makes it look younger.
   */
  private async stillHeld(lease: Lease, claimedAt: { wall: number; monotonic: number }): Promise<boolean> {
    const elapsed = Math.max(Date.now() - claimedAt.wall, performance.now() - claimedAt.monotonic);
    if (elapsed < this.leaseMs / 2) return true;
    return (await this.renewals.load(lease)) === true;
  }

  private async recordFailure(lease: Lease, error: unknown, lastAttempt: boolean): Promise<never> {
    const permanent = isPermanentMailError(error);
    await runSql(this.em, recordFailure(lease, permanent || lastAttempt ? 'failed' : 'ready', describe(error)));
    if (permanent) throw new UnrecoverableError(`refused for good: ${describe(error)}`);
    throw error;
  }

  private async claimAll(keys: ClaimKey[]): Promise<Map<string, ClaimedDigest | LeasedElsewhere>> {
    const rows = await runSql<ClaimedDigest>(this.em, claimDigests(keys, this.leaseMs));
    const claims = new Map<string, ClaimedDigest | LeasedElsewhere>(rows.map((row) => [`${row.userId} ${row.periodKey}`, row]));
    const unclaimed = keys.filter((k) => !claims.has(`${k.userId} ${k.periodKey}`));
    for (const row of unclaimed.length ? await this.leased(unclaimed) : []) {
      claims.set(`${row.userId} ${row.periodKey}`, { leasedUntil: row.leaseUntil });
    }
    return claims;
  }

  /** Of these unclaimed digests, those another worker is sending (the rest are done). */
  private leased(keys: ClaimKey[]) {
    return runSql<{ userId: string; periodKey: string; leaseUntil: Date }>(this.em, leasedDigests(keys));
  }

  /** Extends the leases still held by these tokens; a lease taken over by another worker is not returned. */
  private async renewAll(keys: Lease[]): Promise<Map<string, true>> {
    const rows = await runSql<{ id: string }>(this.em, renewLeases(keys, this.leaseMs));
    return new Map(rows.map((row) => [row.id, true]));
  }

  /**
   * Recorded only for mails the server accepted, and only by the lease holder: a worker that lost
   * its lease leaves the row to its successor. A crash before this means a resend with the same Message-ID.
   */
  private async markSent(keys: (Lease & { messageId: string })[]): Promise<Map<string, true>> {
    await runSql(this.em, markSent(keys));
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
