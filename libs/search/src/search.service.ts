import { BadRequestException, Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { AuthUser, decodeCursor, encodeCursor, escapeHtml, runSql } from '@agora/platform';
import { CitiesService } from '@agora/network';
import { ForumLabel, ForumsService, WorkingGroupsService } from '@agora/forums';
import { SearchPage, SearchQuery, SearchResultView } from './dto/search.dto';
import {
  buildSearchQuery,
  CommonLexemes,
  commonTables,
  HIT_START,
  HIT_STOP,
  SEARCH_KINDS,
  SearchFilters,
  SearchRow,
  tsquerySql,
} from './search.queries';
import { SearchStatistics } from './search-statistics.service';

/** The snippet is source text (markdown, possibly with HTML in it): escape all of it, then mark the hits. */
export const toSnippetHtml = (headline: string): string =>
  escapeHtml(headline).split(HIT_START).join('<mark>').split(HIT_STOP).join('</mark>');

const CURSOR_KEY = /^(post|thread|message|exchange):[0-9a-f-]{36}$/;

@Injectable()
export class SearchService {
  constructor(
    private readonly em: EntityManager,
    private readonly forums: ForumsService,
    private readonly groups: WorkingGroupsService,
    private readonly cities: CitiesService,
    private readonly statistics: SearchStatistics,
  ) {}

  async search(user: AuthUser, query: SearchQuery): Promise<SearchPage> {
    const after = decodeCursor(query.cursor);
    if (after && (typeof after[0] !== 'number' || !CURSOR_KEY.test(after[1])))
      throw new BadRequestException('cursor is not one this API returned');
    const [forum, city, statistics, forums] = await Promise.all([
      query.forum ? this.forums.getBySlug(query.forum) : undefined,
      query.city ? this.cities.getBySlug(query.city) : undefined,
      this.statistics.commonLexemes(),
      this.forums.labels(),
    ]);
    // A private group the caller is not in is a 404 here too, like everywhere else.
    if (query.workingGroup) await this.groups.loadVisible(user, query.workingGroup);
    const rows = await this.matches(user, query, statistics, {
      forumId: forum?.id,
      cityId: city?.id,
      after: after ? { rank: after[0] as number, key: after[1] } : undefined,
    });
    const items = rows.slice(0, query.limit);
    const last = items[items.length - 1];
    return {
      items: items.map((row) => toResultView(row, forums.get(row.forumId))),
      nextCursor: rows.length > query.limit && last ? encodeCursor([Number(last.rank), `${last.kind}:${last.id}`]) : null,
    };
  }

  /** The tsquery, then the search with it; both prepared when the search is rare (search.queries.ts). */
  private async matches(
    user: AuthUser,
    query: SearchQuery,
    statistics: CommonLexemes,
    resolved: Pick<SearchFilters, 'forumId' | 'cityId' | 'after'>,
  ): Promise<SearchRow[]> {
    const [{ tsquery }] = await runSql<{ tsquery: string | null }>(this.em, tsquerySql(query.q), { prepare: true });
    // Nothing to look for ("&|!" has no word): nothing found.
    if (tsquery === null) return [];
    const { statement, prepare } = buildSearchQuery({
      tsquery,
      common: commonTables(tsquery, statistics),
      kinds: query.kind ? [query.kind] : SEARCH_KINDS,
      hiddenGroups: this.groups.hiddenGroups(user),
      ...resolved,
      workingGroupId: query.workingGroup,
      language: query.language,
      from: query.from,
      to: query.to,
      limit: query.limit,
    });
    return runSql<SearchRow>(this.em, statement, { prepare });
  }
}

function toResultView(row: SearchRow, forum: ForumLabel | undefined): SearchResultView {
  return {
    kind: row.kind,
    id: row.id,
    threadId: row.threadId,
    title: row.title,
    snippet: toSnippetHtml(row.snippet),
    rank: Number(row.rank),
    forum: { slug: forum?.slug ?? '', name: forum?.name ?? '' },
    workingGroupId: row.workingGroupId,
    language: row.language,
    createdAt: row.at.toISOString(),
  };
}
