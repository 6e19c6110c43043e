import { joinSql, sql, Sql } from '@agora/platform';

/** The SQL of the identity context that is not an entity's: people search and the refresh-token exchange. */

/**
 * Ids of people whose lowercased name starts with `pattern` or has a word starting with it, by
 * name then id, after the keyset `after`; `among` restricts to these ids or to the staff.
 * `pattern` is already escaped for `like`.
 */
export function peopleByNamePrefix(options: { pattern: string; limit: number; after?: [string, string]; among?: string[] }): Sql {
  const { pattern, limit, after, among } = options;
  const conditions = [sql`(lower(name) like ${`${pattern}%`} or lower(name) like ${`% ${pattern}%`})`];
  if (after) conditions.push(sql`(name, id) > (${after[0]}, ${after[1]})`);
  if (among) conditions.push(sql`(id = any(${among}::uuid[]) or role in ('admin', 'secretariat'))`);
  return sql`select id from app_user where ${joinSql(conditions, ' and ')} order by name, id limit ${limit}`;
}

/** Ids of the users whose lowercased name is one of `lowered`. */
export const usersByLowercaseName = (lowered: string[]): Sql => sql`select id from app_user where lower(name) = any(${lowered}::text[])`;

/** Claims a token only while neither it nor any token of its family is revoked: a row when it was claimed. */
export const claimRefreshToken = (tokenId: string, familyId: string): Sql =>
  sql`update refresh_token set used_at = now()
  where id = ${tokenId} and used_at is null and revoked_at is null
    and not exists (select 1 from refresh_token revoked where revoked.family_id = ${familyId} and revoked.revoked_at is not null)
  returning id`;

/** A session is open while its newest token is live and nothing of it was revoked. */
export const sessionIsOpen = (familyId: string): Sql =>
  sql`select exists (select 1 from refresh_token where family_id = ${familyId} and used_at is null and revoked_at is null and expires_at > now())
  and not exists (select 1 from refresh_token where family_id = ${familyId} and revoked_at is not null) as open`;
