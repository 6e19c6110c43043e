import { FilterQuery, raw as ormRaw } from '@mikro-orm/core';
import { Sql } from './sql';

/**
 * A condition of an `em.find` filter that no ORM operator expresses (a full-text match, an
 * `exists` over another table), written as a `sql` fragment over the entity's table alias:
 * `sqlCondition<Post>((p) => sql`${raw(p)}.search_vector @@ agora_tsquery(${q})`)`. Prefer an
 * ORM operator where one exists (`$contains` for arrays, `$in`, ...).
 */
export function sqlCondition<T extends object>(condition: (alias: string) => Sql): FilterQuery<T> {
  // MikroORM puts the alias in when it builds the query; a fragment's parameters never depend on it.
  const { params } = condition('');
  return { [ormRaw((alias: string) => condition(alias).text, params)]: true } as FilterQuery<T>;
}
