import { createHash } from 'node:crypto';
import type { QueryConfig } from 'pg';

/**
 * A Postgres array literal for `= any(?::uuid[])` (or `::text[]`). knex expands a JS array
 * binding into a comma list, which breaks `any(?)` and cannot be empty; a literal can.
 */
export const pgArray = (values: string[]): string => `{${values.join(',')}}`;

/**
 * Settings of every session the apps open (libpq `options`). JIT off: PostgreSQL compiles a plan
 * whose estimated cost passes jit_above_cost, and a search for a rare word, whose rows it
 * overestimates a thousandfold, spent 50 ms compiling a 1 ms query. Nothing here is an analytic
 * query that compilation would pay off for.
 */
export const PG_SESSION_OPTIONS = '-c jit=off';

/** A statement for `pg`: `$1, $2, ...` placeholders, and a name when it is to be prepared. */
export type PgStatement = QueryConfig<unknown[]> & { values: unknown[] };

/**
 * knex-style `?` placeholders to `$1, $2, ...` and, with `prepare`, a name derived from the text
 * (so that two texts never share a name). Only for SQL built by the app: a `?` inside a literal
 * would be taken for a placeholder.
 */
export function pgStatement(text: string, values: readonly unknown[], prepare = false): PgStatement {
  let n = 0;
  const numbered = text.replace(/\?/g, () => `$${++n}`);
  if (n !== values.length) throw new Error(`the statement has ${n} placeholders for ${values.length} values`);
  const name = prepare ? `agora_${createHash('sha1').update(numbered).digest('hex').slice(0, 24)}` : undefined;
  return { name, text: numbered, values: [...values] };
}
