import { BadRequestException, Injectable } from '@nestjs/common';
import { AuthUser, decodeCursor, encodeCursor, escapeHtml, pgStatement, Statements } from '@agora/platform';
import { CitiesService } from '@agora/network';
import { ForumLabel, ForumsService, WorkingGroupsService } from '@agora/forums';
import { SearchPage, SearchQuery, SearchResultView } from './dto/search.dto';
import { buildSearchQuery, commonTables, HIT_START, HIT_STOP, SEARCH_KINDS, SearchRow, TSQUERY_SQL } from './search.queries';
import { SearchStatistics } from './search-statistics.service';

/** The snippet is source text (markdown, possibly with HTML in it): escape all of it, then mark the hits. */
export const toSnippetHtml = (headline: string): string =>
  escapeHtml(headline).split(HIT_START).join('<mark>').split(HIT_STOP).join('</mark>');

const CURSOR_KEY = /^(post|thread|message|exchange):[0-9a-f-]{36}$/;

@Injectable()
export class SearchService {
  constructor(
    private readonly statements: Statements,
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
    const rows = await this.statements.session(async (run) => {
      const [{ tsquery }] = await run<{ tsquery: string | null }>(pgStatement(TSQUERY_SQL, [query.q], true));
      // Nothing to look for ("&|!" has no word): nothing found.
      if (tsquery === null) return [];
      const { statement, prepare } = buildSearchQuery({
        tsquery,
        common: commonTables(tsquery, statistics),
        kinds: query.kind ? [query.kind] : SEARCH_KINDS,
        hiddenGroups: this.groups.hiddenGroupsQuery(user),
        forumId: forum?.id,
        workingGroupId: query.workingGroup,
        cityId: city?.id,
        language: query.language,
        from: query.from,
        to: query.to,
        after: after ? { rank: after[0] as number, key: after[1] } : undefined,
        limit: query.limit,
      });
      return run<SearchRow>(pgStatement(statement.text, statement.params, prepare));
    });
    const items = rows.slice(0, query.limit);
    const last = items[items.length - 1];
    return {
      items: items.map((row) => toResultView(row, forums.get(row.forumId))),
      nextCursor: rows.length > query.limit && last ? encodeCursor([Number(last.rank), `${last.kind}:${last.id}`]) : null,
    };
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
    createdAt: new Date(row.at).toISOString(),
  };
}
