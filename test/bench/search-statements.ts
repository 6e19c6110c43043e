import type { QueryResult, QueryResultRow } from 'pg';
import { hiddenGroupIds } from '../../libs/forums/src/forums.queries';
import { DEFAULT_LIMIT } from '../../libs/platform/src/pagination/page';
import { pgQuery } from '../../libs/platform/src/database/sql';
import {
  buildSearchQuery,
  combinesWords,
  COMMON_LEXEMES_SQL,
  CommonLexemes,
  CommonLexemesRow,
  commonTables,
  SEARCH_KINDS,
  SearchFilters,
  toCommonLexemes,
  tsquerySql,
} from '../../libs/search/src/search.queries';

/** A pg.Pool or a checked-out client. */
export interface Queryable {
  query<R extends QueryResultRow>(statement: ReturnType<typeof pgQuery>): Promise<QueryResult<R>>;
}

/** The service's default page size (PageQuery). */
export const PAGE_LIMIT = DEFAULT_LIMIT;

/** What SearchService embeds for this user: the private groups they are no active member of. */
export const hiddenGroupsOf = (userId: string): NonNullable<SearchFilters['hiddenGroups']> => hiddenGroupIds(userId);

/** The tables' most common lexemes, as SearchStatistics reads them. */
export async function readCommonLexemes(db: Queryable): Promise<CommonLexemes> {
  const { rows } = await db.query<CommonLexemesRow>(pgQuery(COMMON_LEXEMES_SQL));
  return toCommonLexemes(rows);
}

/**
 * What SearchService runs for the first page of a search, without the HTTP, auth and ORM around
 * it: the tsquery, then the search statement shaped by the same statistics, prepared the same way.
 * The two baselines of bench:search (the raw loop and the bare HTTP server) both run this.
 */
export async function runSearch(db: Queryable, q: string, hiddenGroups: SearchFilters['hiddenGroups'], statistics: CommonLexemes) {
  const { rows } = await db.query<{ tsquery: string | null }>(pgQuery(tsquerySql(q), true));
  const tsquery = rows[0]?.tsquery;
  if (!tsquery) throw new Error(`q=${q} has no tsquery`);
  const filters: SearchFilters = {
    tsquery,
    common: commonTables(tsquery, statistics),
    kinds: SEARCH_KINDS,
    hiddenGroups,
    limit: PAGE_LIMIT,
  };
  const { statement, prepare } = buildSearchQuery(filters);
  return {
    common: filters.common,
    together: combinesWords(tsquery),
    result: await db.query<{ kind: string; id: string }>(pgQuery(statement, prepare)),
  };
}
