import { Entity, Index, Property, Unique } from '@mikro-orm/core';
import { BaseEntity, EnumOf } from '@agora/platform';

export const DIGEST_KINDS = ['daily', 'weekly', 'mentions'] as const;
export type DigestKind = (typeof DIGEST_KINDS)[number];

/**
 * ready -> sending -> sent; or empty (nothing to tell: no mail); or failed (refused for good,
 * or out of attempts). A `sending` digest whose lease has expired (its worker died or froze) is
 * sent again with the same Message-ID: see "Exactly once" in the README.
 */
export const DIGEST_STATUSES = ['ready', 'empty', 'sending', 'sent', 'failed'] as const;
export type DigestStatus = (typeof DIGEST_STATUSES)[number];

/** One mail for one user and one period: the unique (user, period) row is the exactly-once guard. */
@Entity({ tableName: 'digest' })
@Unique({ properties: ['userId', 'periodKey'] })
@Index({ properties: ['status'] })
export class Digest extends BaseEntity {
  /** The recipient (identity context; an id, as payloads and rows here carry no personal data). */
  @Property({ type: 'uuid' })
  userId: string;

  /** The address it goes to, captured when composed (the mail record keeps what was sent where). */
  @Property({ type: 'string', length: 254 })
  recipient: string;

  @EnumOf(DIGEST_KINDS)
  kind: DigestKind;

  /** e.g. daily-2026-11-26, weekly-2026-W48, mentions-20261126193500 (no ':' so it can be part of a job id). */
  @Property({ type: 'string', length: 40 })
  periodKey: string;

  /** What the digest covers: content created in [since, until). */
  @Property({ type: 'timestamptz' })
  since: Date;

  @Property({ type: 'timestamptz' })
  until: Date;

  @EnumOf(DIGEST_STATUSES)
  status: DigestStatus;

  @Property({ type: 'text', nullable: true })
  subject: string | null = null;

  @Property({ type: 'text', nullable: true, lazy: true })
  html: string | null = null;

  @Property({ type: 'text', nullable: true, lazy: true })
  text: string | null = null;

  @Property({ type: 'string', length: 200, nullable: true })
  messageId: string | null = null;

  @Property({ type: 'smallint' })
  attempts: number = 0;

  @Property({ type: 'text', nullable: true })
  lastError: string | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  sentAt: Date | null = null;

  /** Who holds the send (one random value per claim): see DigestSender. */
  @Property({ type: 'uuid', nullable: true })
  leaseToken: string | null = null;

  /** Until when; another worker may take a `sending` digest over only after this. */
  @Property({ type: 'timestamptz', nullable: true })
  leaseUntil: Date | null = null;

  constructor(userId: string, recipient: string, kind: DigestKind, periodKey: string, since: Date, until: Date, status: DigestStatus) {
    super();
    this.userId = userId;
    this.recipient = recipient;
    this.kind = kind;
    this.periodKey = periodKey;
    this.since = since;
    this.until = until;
    this.status = status;
  }
}
