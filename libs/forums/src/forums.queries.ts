// The fragment file itself, not @agora/platform's index: the benchmarks load this file with tsx.
import { sql, Sql } from '../../platform/src/database/sql';

/**
 * The SQL of the forums context that is not an entity's. The forum list, the hottest read of the
 * platform, is plain SQL rather than entity loading: one round trip, no hydration (entity loading
 * cost several times the query itself here). The benchmark's bare server runs these same statements.
 */

export interface ForumRow {
  id: string;
  slug: string;
  name: string;
  description: string;
  following: boolean;
}

const forumColumns = (userId: string): Sql => sql`f.id, f.slug, f.name, f.description,
  exists (select 1 from forum_follow ff where ff.forum_id = f.id and ff.user_id = ${userId}) as following
  from forum f`;

export const forumsForUser = (userId: string): Sql => sql`select ${forumColumns(userId)} order by f.position`;

export const forumForUser = (userId: string, slug: string): Sql => sql`select ${forumColumns(userId)} where f.slug = ${slug}`;

export const forumLabels: Sql = sql`select id, slug, name from forum`;

/**
 * Ids of the private working groups a user is no active member of: their content is hidden from
 * that user. A subquery that the search context embeds in its own statement (so that the privacy
 * filter reads the same snapshot as the search).
 */
export const hiddenGroupIds = (userId: string): Sql =>
  sql`select g.id from working_group g where g.visibility = 'private'
  and not exists (select 1 from working_group_membership m where m.working_group_id = g.id and m.user_id = ${userId} and m.status = 'active')`;

/** Locks the group's row until the transaction ends. */
export const lockGroup = (groupId: string): Sql => sql`select id from working_group where id = ${groupId} for update`;

export const membershipState = (membershipId: string): Sql =>
  sql`select role, status from working_group_membership where id = ${membershipId}`;

export const deleteMembership = (membershipId: string): Sql => sql`delete from working_group_membership where id = ${membershipId}`;

/** Active members per group (groups without any have no row). */
export const activeMemberCounts = (groupIds: string[]): Sql =>
  sql`select working_group_id as id, count(*) as count from working_group_membership
       where status = 'active' and working_group_id = any(${groupIds}::uuid[]) group by working_group_id`;
