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

/**
 * Ids of the private working groups a user is no active member of: their content is hidden from
 * that user. A subquery that the search context embeds in its own statement (so that the privacy
 * filter reads the same snapshot as the search). Params: user id.
 */
export const HIDDEN_GROUPS_SQL = `select g.id from working_group g where g.visibility = 'private'
  and not exists (select 1 from working_group_membership m where m.working_group_id = g.id and m.user_id = ? and m.status = 'active')`;
