import { BadRequestException, Injectable } from '@nestjs/common';
import { AuthUser, decodeCursor, encodeCursor, Page, pgStatement, Statements } from '@agora/platform';
import { CitiesService } from '@agora/network';
import { ForumsService, WorkingGroupsService } from '@agora/forums';
import { SearchPage, SearchQuery, SearchResultView } from './dto/search.dto';
import { buildSearchQuery, commonTables, HIT_START, HIT_STOP, SEARCH_KINDS, SearchFilters, SearchRow, TSQUERY_SQL } from './search.queries';
import { SearchStatistics } from './search-statistics.service';

const escapeHtml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

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
    const [forum, city, tsquery, statistics] = await Promise.all([
      query.forum ? this.forums.getBySlug(query.forum) : undefined,
      query.city ? this.cities.getBySlug(query.city) : undefined,
      this.tsquery(query.q),
      this.statistics.commonLexemes(),
    ]);
    // A private group the caller is not in is a 404 here too, like everywhere else.
    if (query.workingGroup) await this.groups.loadVisible(user, query.workingGroup);
    // Nothing to look for ("&|!" has no word): nothing found.
    if (tsquery === null) return { items: [], nextCursor: null };
    const filters: SearchFilters = {
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
    };
    const { statement, prepare } = buildSearchQuery(filters);
    const [rows, forums] = await Promise.all([
      this.statements.rows<SearchRow>(pgStatement(statement.text, statement.params, prepare)),
      this.forums.labels(),
    ]);
    const items = rows.slice(0, query.limit);
    const last = items[items.length - 1];
    const page: Page<SearchResultView> = {
      items: items.map((row) => {
        const rowForum = forums.get(row.forumId);
        return {
          kind: row.kind,
          id: row.id,
          threadId: row.threadId,
          title: row.title,
          snippet: toSnippetHtml(row.snippet),
          rank: Number(row.rank),
          forum: { slug: rowForum?.slug ?? '', name: rowForum?.name ?? '' },
          workingGroupId: row.workingGroupId,
          language: row.language,
          createdAt: new Date(row.at).toISOString(),
        };
      }),
      nextCursor: rows.length > query.limit && last ? encodeCursor([Number(last.rank), `${last.kind}:${last.id}`]) : null,
    };
    return page;
  }

  private async tsquery(q: string): Promise<string | null> {
    const [row] = await this.statements.rows<{ tsquery: string | null }>(pgStatement(TSQUERY_SQL, [q], true));
    return row?.tsquery ?? null;
  }
}
