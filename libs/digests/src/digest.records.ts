import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { decodeCursor, Page, PageQuery, runSql, toPage } from '@agora/platform';
import { Digest, DigestKind, DigestStatus } from './digest.entity';
import { insertDigests } from './digests.queries';
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
    const inserted = await runSql<{ userId: string; periodKey: string }>(this.em, insertDigests(digests));
    return new Set(inserted.map((row) => key(row.userId, row.periodKey)));
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
