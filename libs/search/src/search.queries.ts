/**
 * The search query, shared by SearchService and the benchmark's bare baseline (so both run the
 * very same SQL). No decorators or Nest imports here: tsx loads this file on its own.
 *
 * Each searchable table carries a stored, GIN-indexed tsvector (see the knowledge migration):
 * posts and their translations stemmed in their own language, threads, messages and exchange
 * offers in `agora_simple`; all accent-folded. `agora_tsquery(q)` ORs the query's forms in every
 * configuration, so each document meets the query stemmed the way the document was.
 *
 * Note on boundaries: this one read projection spans the searchable tables of the knowledge,
 * discussions and exchanges contexts (a single ranked, cursor-paged list cannot be merged from
 * separate queries). It reads only their search columns and keys, never the forums' or
 * identity's tables: private groups arrive as a list of ids from WorkingGroupsService.
 */

export const SEARCH_KINDS = ['post', 'thread', 'message', 'exchange'] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];

export interface SearchFilters {
  q: string;
  kinds: readonly SearchKind[];
  /** Private groups the caller may not see: their content is left out (and not counted). */
  hiddenGroupIds: string[];
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
  at: Date | string;
  rank: number;
  title: string;
  snippet: string;
}

/** ts_headline marks hits with these control characters; the service escapes the text, then turns them into <mark>. */
export const HIT_START = '\u0002';
export const HIT_STOP = '\u0003';
const HEADLINE_OPTIONS = `StartSel=${HIT_START}, StopSel=${HIT_STOP}, MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "`;

const Q = 'agora_tsquery(?)';

interface Branch {
  kind: SearchKind;
  select: string;
  from: string;
  vector: string;
  group: string | null;
  forum: string;
  city: string | null;
  language: ((params: unknown[], language: string) => string) | null;
  at: string;
  always: string | null;
}

const BRANCHES: Branch[] = [
  {
    kind: 'post',
    select: `'post'::text as kind, p.id, null::uuid as thread_id, p.forum_id, p.working_group_id, p.language::text as lang, p.published_at as at`,
    from: 'post p',
    vector: 'p.search_vector',
    group: 'p.working_group_id',
    forum: 'p.forum_id',
    city: 'p.city_id',
    language: (params, language) => (params.push(language), 'p.language = ?'),
    at: 'p.published_at',
    always: `p.status = 'published'`,
  },
  {
    kind: 'post',
    select: `'post'::text as kind, p.id, null::uuid as thread_id, p.forum_id, p.working_group_id, t.language::text as lang, p.published_at as at`,
    from: 'post_translation t join post p on p.id = t.post_id',
    vector: 't.search_vector',
    group: 'p.working_group_id',
    forum: 'p.forum_id',
    city: 'p.city_id',
    language: (params, language) => (params.push(language), 't.language = ?'),
    at: 'p.published_at',
    always: `p.status = 'published'`,
  },
  {
    kind: 'thread',
    select: `'thread'::text as kind, t.id, t.id as thread_id, t.forum_id, t.working_group_id, null::text as lang, t.created_at as at`,
    from: 'thread t',
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
    select: `'message'::text as kind, m.id, m.thread_id, t.forum_id, t.working_group_id, null::text as lang, m.created_at as at`,
    from: 'message m join thread t on t.id = m.thread_id',
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
    select: `'exchange'::text as kind, e.id, null::uuid as thread_id, e.forum_id, null::uuid as working_group_id, null::text as lang, e.created_at as at`,
    from: 'exchange_offer e',
    vector: 'e.search_vector',
    group: null,
    forum: 'e.forum_id',
    city: 'e.host_city_id',
    language: (params, language) => (params.push(language), '? = any(e.languages)'),
    at: 'e.created_at',
    always: null,
  },
];

/**
 * Builds the SQL (knex `?` placeholders) and its parameters. Only the filters in use appear in
 * the SQL, and a kind that a filter rules out (threads have no city) is left out entirely.
 */
export function buildSearchQuery(filters: SearchFilters): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const branchSql = (branch: Branch): string | null => {
    if (!filters.kinds.includes(branch.kind)) return null;
    if ((filters.cityId && !branch.city) || (filters.language && !branch.language) || (filters.workingGroupId && !branch.group))
      return null;
    params.push(filters.q);
    const where = [`${branch.vector} @@ ${Q}`];
    if (branch.always) where.push(branch.always);
    if (filters.hiddenGroupIds.length && branch.group) {
      where.push(`(${branch.group} is null or ${branch.group} <> all(?::uuid[]))`);
      params.push(`{${filters.hiddenGroupIds.join(',')}}`);
    }
    if (filters.forumId) {
      where.push(`${branch.forum} = ?`);
      params.push(filters.forumId);
    }
    if (filters.workingGroupId && branch.group) {
      where.push(`${branch.group} = ?`);
      params.push(filters.workingGroupId);
    }
    if (filters.cityId && branch.city) {
      where.push(`${branch.city} = ?`);
      params.push(filters.cityId);
    }
    if (filters.language && branch.language) where.push(branch.language(params, filters.language));
    if (filters.from) {
      where.push(`${branch.at} >= ?`);
      params.push(filters.from);
    }
    if (filters.to) {
      where.push(`${branch.at} < ?`);
      params.push(filters.to);
    }
    return `select ${branch.select}, ts_rank(${branch.vector}, ${Q}) as rank from ${branch.from} where ${where.join(' and ')}`;
  };

  // The rank's tsquery placeholder precedes the WHERE's in the text, so its parameter goes first.
  const parts: string[] = [];
  const postParts: string[] = [];
  for (const branch of BRANCHES) {
    const before = params.length;
    const sql = branchSql(branch);
    if (!sql) continue;
    params.splice(before, 0, filters.q);
    (branch.kind === 'post' ? postParts : parts).push(sql);
  }
  // A post matched in several language variants counts once, with its best variant.
  if (postParts.length) {
    parts.unshift(`select * from (select distinct on (id) * from (${postParts.join(' union all ')}) v order by id, rank desc) posts`);
  }
  if (!parts.length) return { sql: 'select null where false', params: [] };

  let cursor = '';
  if (filters.after) {
    cursor = `where (rank < ?::real or (rank = ?::real and kind || ':' || id::text > ?))`;
    params.push(filters.after.rank, filters.after.rank, filters.after.key);
  }
  params.push(filters.limit + 1, filters.q);
  const sql = `with hits as (${parts.join(' union all ')}),
page as (select * from hits ${cursor} order by rank desc, kind || ':' || id::text limit ?)
select page.kind, page.id, page.thread_id as "threadId", page.forum_id as "forumId", page.working_group_id as "workingGroupId",
  page.lang as "language", page.at, page.rank,
  case page.kind when 'post' then coalesce(tr.title, p.title) when 'thread' then th.title when 'message' then mt.title else e.topic end as title,
  ts_headline(
    case page.kind when 'post' then agora_search_config(page.lang) else 'agora_simple'::regconfig end,
    case page.kind
      when 'post' then coalesce(tr.title || '. ' || tr.summary || ' ' || tr.body, p.title || '. ' || p.summary || ' ' || p.body)
      when 'thread' then th.title
      when 'message' then m.body
      else e.topic || ' - ' || e.description end,
    q.q, '${HEADLINE_OPTIONS}') as snippet
from page
cross join (select ${Q} as q) q
left join post p on page.kind = 'post' and p.id = page.id
left join post_translation tr on page.kind = 'post' and tr.post_id = page.id and tr.language = page.lang
left join thread th on page.kind = 'thread' and th.id = page.id
left join message m on page.kind = 'message' and m.id = page.id
left join thread mt on page.kind = 'message' and mt.id = page.thread_id
left join exchange_offer e on page.kind = 'exchange' and e.id = page.id
order by page.rank desc, page.kind || ':' || page.id::text`;
  return { sql, params };
}
