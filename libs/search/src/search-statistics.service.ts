import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { Refreshed, runSql } from '@agora/platform';
import { COMMON_LEXEMES_SQL, CommonLexemes, CommonLexemesRow, toCommonLexemes } from './search.queries';

/** PostgreSQL refreshes these statistics when (auto)analyze runs, after 10% of a table has changed: rarely. */
const REFRESH_MS = 10 * 60_000;

/**
 * The most common lexemes of each searchable table, read from pg_stats at most every ten minutes
 * per instance, so that telling a common query from a rare one costs a lookup in memory (reading
 * pg_stats in the search statement itself made every search plan and read them again).
 */
@Injectable()
export class SearchStatistics {
  private readonly lexemes = new Refreshed(REFRESH_MS, async () =>
    toCommonLexemes(await runSql<CommonLexemesRow>(this.em, COMMON_LEXEMES_SQL)),
  );

  constructor(private readonly em: EntityManager) {}

  commonLexemes(): Promise<CommonLexemes> {
    return this.lexemes.get();
  }
}
