import { Injectable } from '@nestjs/common';
import { EntityManager, Knex } from '@mikro-orm/postgresql';
import { decodeCursor, Page, PageQuery, toPage } from '@agora/platform';
import { Digest, DigestKind, DigestStatus } from './digest.entity';
import { DigestRecordView } from './dto/digests.dto';
import type { RenderedDigest } from './digest.renderer';

export interface NewDigest {
  userId: string;
  recipient: string;
  kind: DigestKind;
  periodKey: string;
  since: Date;
  until: Date;
  /** null: nothing to tell, recorded as `empty` and never mailed. */
  rendered: RenderedDigest | null;
}

/** The digest rows: written before anything is sent, one per (user, period). */
@Injectable()
export class DigestRecords {
  constructor(private readonly em: EntityManager) {}

  /** One multi-row INSERT; a row that exists already (another tick, a retried job) is left alone. Returns the keys written. */
  async insert(digests: NewDigest[]): Promise<Set<string>> {
    if (!digests.length) return new Set();
    const values: unknown[] = [];
    const tuples = digests.map((d) => {
      values.push(
        d.userId,
        d.recipient,
        d.kind,
        d.periodKey,
        d.since,
        d.until,
        d.rendered ? 'ready' : 'empty',
        d.rendered?.subject ?? null,
        d.rendered?.html ?? null,
        d.rendered?.text ?? null,
      );
      return '(gen_random_uuid(), now(), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)';
    });
    // knex's raw() sends the rendered mails as bind parameters; em.execute() would first escape
    // and splice several MB of HTML into the statement text (a large share of the worker's GC).
    const inserted = await this.em.getKnex().raw<{ rows: { userId: string; periodKey: string }[] }>(
      `insert into digest (id, created_at, user_id, recipient, kind, period_key, since, until, status, subject, html, text, attempts)
         values ${tuples.join(', ')}
         on conflict (user_id, period_key) do nothing
         returning user_id as "userId", period_key as "periodKey"`,
      values as Knex.RawBinding[],
    );
    return new Set(inserted.rows.map((row) => key(row.userId, row.periodKey)));
  }

  /** For operators: digests by status, newest first (failed ones are what they look for). */
  async list(status: DigestStatus | undefined, query: PageQuery): Promise<Page<DigestRecordView>> {
    const after = decodeCursor(query.cursor);
    const where = status ? { status } : {};
    const rows = await this.em.find(Digest, after ? { $and: [where, { id: { $lt: after[1] } }] } : where, {
      orderBy: { id: 'desc' },
      limit: query.limit + 1,
    });
    return toPage(
      rows,
      query.limit,
      (row) => [0, row.id],
      (row) => ({
        id: row.id,
        userId: row.userId,
        kind: row.kind,
        periodKey: row.periodKey,
        status: row.status,
        attempts: row.attempts,
        lastError: row.lastError,
        messageId: row.messageId,
        sentAt: row.sentAt?.toISOString() ?? null,
        createdAt: row.createdAt.toISOString(),
      }),
    );
  }
}

export const key = (userId: string, periodKey: string) => `${userId} ${periodKey}`;
