import type { Ref } from '@agora/platform';
// The fragment file itself, not @agora/platform's index: the benchmarks load this file with tsx.
import { sql, Sql } from '../../platform/src/database/sql';

/**
 * Read-side SQL for a city profile: the city with its twinnings and mandates as JSON, in one
 * round trip and without entity hydration. The benchmark's bare server runs this same statement.
 */

export interface CityProfileRow {
  slug: string;
  name: string;
  country: string;
  memberSince: number | null;
  twinnings: { city: Ref; since: number | null }[];
  mandates: { id: string; role: string; scope: { kind: string; slug?: string }; from: number; to: number | null }[];
}

export const cityProfile = (slug: string): Sql => sql`
select c.slug, c.name, c.country, c.member_since as "memberSince",
  coalesce((
    select json_agg(json_build_object('city', json_build_object('slug', p.slug, 'name', p.name), 'since', t.since) order by p.name)
      from twinning t
      join city p on p.id = case when t.first_id = c.id then t.second_id else t.first_id end
     where t.first_id = c.id or t.second_id = c.id
  ), '[]') as twinnings,
  coalesce((
    select json_agg(json_build_object(
             'id', m.id,
             'role', m.role,
             'scope', case when m.scope_ref is null then json_build_object('kind', m.scope_kind)
                           else json_build_object('kind', m.scope_kind, 'slug', m.scope_ref) end,
             'from', m."from",
             'to', m."to") order by m."from", m.role)
      from mandate m
     where m.city_id = c.id
  ), '[]') as mandates
from city c
where c.slug = ${slug}`;
