/**
 * Read-side SQL for the forum list, the hottest read of the platform. Plain SQL rather than
 * entity loading: one round trip, no hydration (MikroORM's `find` costs ~4x the query itself
 * here). The benchmark's bare server runs these same strings.
 */

export interface ForumRow {
  id: string;
  slug: string;
  name: string;
  description: string;
  following: boolean;
}

const FORUM_COLUMNS = `f.id, f.slug, f.name, f.description,
  exists (select 1 from forum_follow ff where ff.forum_id = f.id and ff.user_id = ?) as following
  from forum f`;

/** Params: user id. */
export const FORUMS_FOR_USER_SQL = `select ${FORUM_COLUMNS} order by f.position`;

/** Params: user id, forum slug. */
export const FORUM_FOR_USER_SQL = `select ${FORUM_COLUMNS} where f.slug = ?`;
