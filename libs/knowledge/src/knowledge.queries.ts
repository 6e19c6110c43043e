import { raw, sql, Sql } from '@agora/platform';

/** The SQL of the knowledge context that is not an entity's: the list's conditions no ORM operator expresses, the digest's feed. */

/** Conditions over a post's table alias, for `sqlCondition`. */
export const hasTranslationIn =
  (language: string) =>
  (post: string): Sql =>
    sql`exists (select 1 from post_translation t where t.post_id = ${raw(post)}.id and t.language = ${language})`;

/** The post or one of its translations matches the words of `q` (agora_tsquery: every language's stemming). */
export const matchesWords =
  (q: string) =>
  (post: string): Sql =>
    sql`(${raw(post)}.search_vector @@ agora_tsquery(${q}) or exists (select 1 from post_translation t where t.post_id = ${raw(post)}.id and t.search_vector @@ agora_tsquery(${q})))`;

/** Published posts of these forums (outside groups) and these groups, in [since, until), newest first. */
export const publishedBetween = (forumIds: string[], groupIds: string[], since: Date, until: Date): Sql =>
  sql`select p.id, p.title, p.summary, p.forum_id as "forumId", p.working_group_id as "workingGroupId", c.name as city, p.published_at as "publishedAt"
         from post p left join city c on c.id = p.city_id
        where p.status = 'published' and p.published_at >= ${since} and p.published_at < ${until}
          and ((p.working_group_id is null and p.forum_id = any(${forumIds}::uuid[])) or p.working_group_id = any(${groupIds}::uuid[]))
        order by p.published_at desc`;
