/**
 * The search statements, shared by SearchService and the benchmark's bare baseline (so both run
 * the very same SQL). No decorators or Nest imports here: tsx loads this file on its own.
 *
 * Each searchable table carries a stored, GIN-indexed tsvector (see the knowledge migration):
 * posts and their translations stemmed in their own language, threads, messages and exchange
 * offers in `agora_simple`; all accent-folded. `agora_tsquery(q)` ORs the query's forms in every
 * configuration, so each document meets the query stemmed the way the document was.
 *
 * A search is two statements: tsquerySql() turns the words into that tsquery, then
 * buildSearchQuery() runs with it as a constant, shaped per table by whether the query is common
 * there (commonTables(), from the tables' statistics: COMMON_LEXEMES_SQL). Why the two shapes:
 * see branchSql().
 *
 * Note on boundaries: this one read projection spans the searchable tables of the knowledge,
 * discussions and exchanges contexts (a single ranked, cursor-paged list cannot be merged from
 * separate queries). It reads only their search columns and keys, never the forums' or
 * identity's tables: the private groups to leave out arrive as a subquery from WorkingGroupsService.
 */

// The fragment file itself, not @agora/platform's index, which would bring Nest along to tsx.
import { joinSql, raw, Sql, sql } from '../../platform/src/database/sql';

export const SEARCH_KINDS = ['post', 'thread', 'message', 'exchange'] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];

export interface SearchFilters {
  /** The query as tsquerySql() returned it (tsquery text). */
  tsquery: string;
  /** The tables in which the query is common (commonTables()). */
  common: ReadonlySet<SearchTable>;
  kinds: readonly SearchKind[];
  /**
   * The private groups the caller may not see, as a subquery of ids (WorkingGroupsService
   * .hiddenGroups), or null when nothing is hidden: their content is left out (and not counted).
   */
  hiddenGroups: Sql | null;
  forumId?: string;
  workingGroupId?: string;
  cityId?: string;
  language?: string;
  from?: string;
  to?: string;
  /** Keyset of the last row of the previous page. */
  after?: { rank: number; key: string };
  limit: number;
}

export interface SearchRow {
  kind: SearchKind;
  id: string;
  threadId: string | null;
  forumId: string;
  workingGroupId: string | null;
  language: string | null;
  at: Date;
  rank: number;
  title: string;
  snippet: string;
}

/** The tables searched, each by its `search_vector` column. */
export const SEARCH_TABLES = ['post', 'post_translation', 'thread', 'message', 'exchange_offer'] as const;
export type SearchTable = (typeof SEARCH_TABLES)[number];

/** The query's tsquery (null when it has no word at all, such as "&|!"). */
export const tsquerySql = (q: string): Sql => sql`select agora_tsquery(${q})::text as tsquery`;

/**
 * The lexemes PostgreSQL counts among the most common of each searchable table (the statistics
 * ANALYZE and autovacuum keep: up to 10 x default_statistics_target per column). A table that has
 * not been analyzed yet has none: every query counts as rare there.
 */
export const COMMON_LEXEMES_SQL = sql`select s.tablename as "table", s.most_common_elems::text::text[] as lexemes from pg_stats s
  where s.schemaname = current_schema() and s.attname = 'search_vector' and s.tablename = any(${[...SEARCH_TABLES]}::text[]) and s.most_common_elems is not null`;

export type CommonLexemes = ReadonlyMap<string, ReadonlySet<string>>;
export interface CommonLexemesRow {
  table: string;
  lexemes: string[];
}

export const toCommonLexemes = (rows: CommonLexemesRow[]): CommonLexemes => new Map(rows.map((row) => [row.table, new Set(row.lexemes)]));

const LEXEME = /(!?)'((?:[^']|'')+)'/g;

/** The lexemes a tsquery requires or offers (negated ones are left out: "-bus" makes nothing common). */
export function positiveLexemes(tsquery: string): string[] {
  return [...tsquery.matchAll(LEXEME)].filter((match) => !match[1]).map((match) => match[2].replace(/''/g, "'"));
}

/**
 * Whether the query asks for several words together (AND, a phrase): PostgreSQL estimates that by
 * multiplying the words' frequencies, and a phrase of two common words is far rarer than that.
 */
export function combinesWords(tsquery: string): boolean {
  return /&|<(?:-|\d+)>/.test(tsquery.replace(LEXEME, ''));
}

/**
 * The tables where the query is common: where one of its alternatives (websearch ORs them; each
 * language's stems are another) asks only for lexemes among the table's most common. One rare
 * word in an alternative makes it rare: a document must hold that word too.
 */
export function commonTables(tsquery: string, statistics: CommonLexemes): Set<SearchTable> {
  const alternatives = tsquery
    .split(' | ')
    .map(positiveLexemes)
    .filter((lexemes) => lexemes.length);
  return new Set(
    SEARCH_TABLES.filter((table) => {
      const common = statistics.get(table);
      return !!common && alternatives.some((lexemes) => lexemes.every((lexeme) => common.has(lexeme)));
    }),
  );
}

/** ts_headline marks hits with these control characters; the service escapes the text, then turns them into <mark>. */
export const HIT_START = '\u0002';
export const HIT_STOP = '\u0003';
const HEADLINE_OPTIONS = `StartSel=${HIT_START}, StopSel=${HIT_STOP}, MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "`;

/**
 * How many of the newest matches of each kind are ranked when a term is common: ts_rank reads
 * every candidate's vector, so ranking all 320,000 matches of "bus" took seconds. A common term
 * is ranked among its newest RANK_WINDOW matches of each kind (where its cursor paging ends);
 * a rare one over all its matches.
 */
export const RANK_WINDOW = 500;

/** How a branch looks for its candidates: see branchSql(). */
type Shape = 'rare' | 'common' | 'common-words-together';

interface Branch {
  kind: SearchKind;
  /** The base table: its search_vector is matched, and its statistics tell common terms from rare ones. */
  table: SearchTable;
  select: string;
  /** The alias of `table`, the base whose rows carry `at` and `always`. */
  alias: string;
  /** What the base joins for the other columns. */
  join: string;
  /** At most how many of the base's newest rows a common query walks (null: no bound). */
  scanWindow: number | null;
  vector: string;
  group: string | null;
  forum: string;
  city: string | null;
  language: ((language: string) => Sql) | null;
  at: string;
  always: string | null;
}

const BRANCHES: Branch[] = [
  {
    kind: 'post',
    table: 'post',
    select: `'post'::text as kind, p.id, null::uuid as thread_id, p.forum_id, p.working_group_id, p.language::text as lang, p.published_at as at`,
    alias: 'p',
    join: '',
    scanWindow: 5_000,
    vector: 'p.search_vector',
    group: 'p.working_group_id',
    forum: 'p.forum_id',
    city: 'p.city_id',
    language: (language) => sql`p.language = ${language}`,
    at: 'p.published_at',
    always: `p.status = 'published'`,
  },
  {
    kind: 'post',
    table: 'post_translation',
    select: `'post'::text as kind, p.id, null::uuid as thread_id, p.forum_id, p.working_group_id, t.language::text as lang, p.published_at as at`,
    alias: 't',
    join: 'join post p on p.id = t.post_id',
    // Its time is the post's: no index to walk. Translations are few (written by hand).
    scanWindow: null,
    vector: 't.search_vector',
    group: 'p.working_group_id',
    forum: 'p.forum_id',
    city: 'p.city_id',
    language: (language) => sql`t.language = ${language}`,
    at: 'p.published_at',
    always: `p.status = 'published'`,
  },
  {
    kind: 'thread',
    table: 'thread',
    select: `'thread'::text as kind, t.id, t.id as thread_id, t.forum_id, t.working_group_id, null::text as lang, t.created_at as at`,
    alias: 't',
    join: '',
    scanWindow: 20_000,
    vector: 't.search_vector',
    group: 't.working_group_id',
    forum: 't.forum_id',
    city: null,
    language: null,
    at: 't.created_at',
    always: null,
  },
  {
    kind: 'message',
    table: 'message',
    select: `'message'::text as kind, m.id, m.thread_id, t.forum_id, t.working_group_id, null::text as lang, m.created_at as at`,
    // A nested loop over the thread's primary key whatever the estimate: a rare word's messages
    // are overestimated, and a hash join would read every thread to find the threads of five.
    alias: 'm',
    join: 'cross join lateral (select t.forum_id, t.working_group_id from thread t where t.id = m.thread_id offset 0) t',
    scanWindow: 20_000,
    vector: 'm.search_vector',
    group: 't.working_group_id',
    forum: 't.forum_id',
    city: null,
    language: null,
    at: 'm.created_at',
    always: 'm.deleted_at is null',
  },
  {
    kind: 'exchange',
    table: 'exchange_offer',
    select: `'exchange'::text as kind, e.id, null::uuid as thread_id, e.forum_id, null::uuid as working_group_id, null::text as lang, e.created_at as at`,
    alias: 'e',
    join: '',
    scanWindow: 5_000,
    vector: 'e.search_vector',
    group: null,
    forum: 'e.forum_id',
    city: 'e.host_city_id',
    language: (language) => sql`${language} = any(e.languages)`,
    at: 'e.created_at',
    always: null,
  },
];

/**
 * The title and the text to highlight, per kind, for the rows of one page: a lateral union whose
 * branches are switched off by `page.kind` (one small plan instead of six left joins to order).
 * ts_headline parses all the text it is given (most of a rare search's cost), so
 * a post gives only the part its hits are in: the title and summary (weights A and B in its
 * vector) when they hold one, else the body.
 */
function documentSql(tsquery: Sql): Sql {
  const part = (alias: string) =>
    sql`case when ts_filter(${raw(alias)}.search_vector, '{a,b}') @@ ${tsquery} then ${raw(`${alias}.title || '. ' || ${alias}.summary`)} else ${raw(`${alias}.body`)} end`;
  return sql`
  select coalesce(tr.title, p.title) as title, agora_search_config(page.lang) as config,
    case when tr.post_id is null then ${part('p')} else ${part('tr')} end as text
  from post p left join post_translation tr on tr.post_id = p.id and tr.language = page.lang
  where page.kind = 'post' and p.id = page.id
  union all
  select th.title, 'agora_simple'::regconfig, th.title from thread th where page.kind = 'thread' and th.id = page.id
  union all
  select mt.title, 'agora_simple'::regconfig, m.body from message m join thread mt on mt.id = m.thread_id
  where page.kind = 'message' and m.id = page.id
  union all
  select e.topic, 'agora_simple'::regconfig, e.topic || ' - ' || e.description from exchange_offer e
  where page.kind = 'exchange' and e.id = page.id`;
}

/**
 * The filters of one branch, or null when a filter rules the branch out (threads have no city):
 * those on the base's own rows (state and time), and the others.
 */
function branchWhere(branch: Branch, filters: SearchFilters, tsquery: Sql): { base: Sql[]; rest: Sql[] } | null {
  if (!filters.kinds.includes(branch.kind)) return null;
  if ((filters.cityId && !branch.city) || (filters.language && !branch.language) || (filters.workingGroupId && !branch.group)) return null;
  const base: Sql[] = [];
  if (branch.always) base.push(raw(branch.always));
  if (filters.from) base.push(sql`${raw(branch.at)} >= ${filters.from}`);
  if (filters.to) base.push(sql`${raw(branch.at)} < ${filters.to}`);
  const rest = [sql`${raw(branch.vector)} @@ ${tsquery}`];
  if (filters.hiddenGroups && branch.group)
    rest.push(sql`(${raw(branch.group)} is null or ${raw(branch.group)} <> all((select ids from hidden)::uuid[]))`);
  if (filters.forumId) rest.push(sql`${raw(branch.forum)} = ${filters.forumId}`);
  if (filters.workingGroupId && branch.group) rest.push(sql`${raw(branch.group)} = ${filters.workingGroupId}`);
  if (filters.cityId && branch.city) rest.push(sql`${raw(branch.city)} = ${filters.cityId}`);
  if (filters.language && branch.language) rest.push(branch.language(filters.language));
  return { base, rest };
}

/**
 * One branch's ranked candidates, in one of three shapes.
 *
 * Rare terms (none of the query's lexemes among the table's most common): every match, found
 * through the GIN index, ranked. There is no LIMIT here on purpose: PostgreSQL estimates a lexeme
 * it has no statistics of at up to 0.5% of the table per form, and with a LIMIT it would then
 * look for a handful of matches by walking the time index or the whole table: seconds instead of
 * a millisecond for a word in a few of a million messages (docs/benchmarks.md, bench:search).
 *
 * Common terms: the newest RANK_WINDOW matches, ranked outside the subquery so that only they are
 * (ts_rank reads each vector, and a common word matches hundreds of thousands of rows). The
 * planner's estimate is sound here (the lexeme is in its statistics), so it can choose between
 * walking the time index and sorting the GIN matches.
 *
 * Common words together ("public transport", bus AND tram): the estimate is not sound (a phrase
 * of two common words is far rarer than their frequencies multiplied), and an unbounded walk of
 * the time index for one took seconds; so the walk is bounded to the base's newest `scanWindow` rows.
 */
function branchSql(branch: Branch, where: { base: Sql[]; rest: Sql[] }, tsquery: Sql, shape: Shape): Sql {
  const common = shape !== 'rare';
  const base = `${branch.table} ${branch.alias}`;
  const bounded = shape === 'common-words-together' && branch.scanWindow !== null;
  const source = bounded
    ? sql`(select * from ${raw(base)}${where.base.length ? sql` where ${joinSql(where.base, ' and ')}` : raw('')} order by ${raw(branch.at)} desc limit ${raw(String(branch.scanWindow))}) ${raw(branch.alias)}`
    : raw(base);
  const conditions = joinSql(bounded ? where.rest : [...where.base, ...where.rest], ' and ');
  const window = common ? raw(` order by ${branch.at} desc limit ${RANK_WINDOW}`) : raw('');
  return sql`select c.kind, c.id, c.thread_id, c.forum_id, c.working_group_id, c.lang, c.at, ts_rank(c.vector, ${tsquery}) as rank
from (select ${raw(branch.select)}, ${raw(branch.vector)} as vector from ${source} ${raw(branch.join)} where ${conditions}${window}) c`;
}

/**
 * The search statement (knex `?` placeholders) with its parameters, and whether to run it as a
 * prepared statement. Only the filters in use appear in the SQL, and a kind that a filter rules
 * out is left out entirely.
 *
 * Rare queries are prepared: their plan does not depend on the words (GIN scans whatever they
 * are), so PostgreSQL can parse and plan the statement once per connection. A common query is
 * planned for its words each time: whether to walk the time index or sort the GIN matches
 * depends on how many there are.
 */
export function buildSearchQuery(filters: SearchFilters): { statement: Sql; prepare: boolean } {
  return { statement: searchSql(filters), prepare: filters.common.size === 0 };
}

function searchSql(filters: SearchFilters): Sql {
  const tsquery = sql`${filters.tsquery}::tsquery`;
  const together = combinesWords(filters.tsquery);
  const shape = (table: SearchTable): Shape => (!filters.common.has(table) ? 'rare' : together ? 'common-words-together' : 'common');
  const posts: Sql[] = [];
  const others: Sql[] = [];
  for (const branch of BRANCHES) {
    const where = branchWhere(branch, filters, tsquery);
    if (where) (branch.kind === 'post' ? posts : others).push(branchSql(branch, where, tsquery, shape(branch.table)));
  }
  // A post matched in several language variants counts once, with its best variant.
  const parts = posts.length
    ? [sql`select * from (select distinct on (id) * from (${joinSql(posts, ' union all ')}) v order by id, rank desc) posts`, ...others]
    : others;
  if (!parts.length) return raw('select null where false');

  const after = filters.after
    ? sql`where (rank < ${filters.after.rank}::real or (rank = ${filters.after.rank}::real and kind || ':' || id::text > ${filters.after.key}))`
    : raw('');
  // Computed once (an InitPlan), in the same snapshot as the search.
  const hidden = filters.hiddenGroups ? sql`hidden as materialized (select array(${filters.hiddenGroups})::uuid[] as ids), ` : raw('');
  return sql`with ${hidden}hits as (${joinSql(parts, ' union all ')}),
page as (select * from hits ${after} order by rank desc, kind || ':' || id::text limit ${filters.limit + 1})
select page.kind, page.id, page.thread_id as "threadId", page.forum_id as "forumId", page.working_group_id as "workingGroupId",
  page.lang as "language", page.at, page.rank, d.title, ts_headline(d.config, d.text, ${tsquery}, ${raw(`'${HEADLINE_OPTIONS}'`)}) as snippet
from page cross join lateral (${documentSql(tsquery)}) d
order by page.rank desc, page.kind || ':' || page.id::text`;
}
