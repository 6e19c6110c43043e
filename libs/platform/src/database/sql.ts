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

/** The largest PostgreSQL `int`: a bigger seq would reach the database and fail there instead of in validation. */
export const PG_INT_MAX = 2_147_483_647;

/** Connections per process in the ORM's pool; the benchmarks' baselines use as many. */
export const PG_POOL_SIZE = 10;

/**
 * When PostgreSQL cannot be reached, a request is to fail fast (503) rather than hang: opening a
 * connection gives up after PG_CONNECT_TIMEOUT_MS (a dropped route never answers), and waiting
 * for one from the pool after PG_ACQUIRE_TIMEOUT_MS (knex's default is a minute). Both are far
 * above what a healthy server takes.
 */
export const PG_CONNECT_TIMEOUT_MS = 3_000;
export const PG_ACQUIRE_TIMEOUT_MS = 5_000;

/** A statement for `pg`: `$1, $2, ...` placeholders, and a name when it is to be prepared. */
export type PgStatement = QueryConfig<unknown[]> & { values: unknown[] };

/**
 * knex-style `?` placeholders to `$1, $2, ...` and, with `prepare`, a name derived from the text
 * (so that two texts never share a name). Only for SQL built by the app: a `?` inside a literal
 * would be taken for a placeholder.
 */
export function pgStatement(text: string, values: readonly unknown[], prepare = false): PgStatement {
  const { numbered, placeholders, name } = translated(text);
  if (placeholders !== values.length) throw new Error(`the statement has ${placeholders} placeholders for ${values.length} values`);
  return { name: prepare ? name : undefined, text: numbered, values: [...values] };
}

/** Texts are few (one per shape of a query), and a search's is 6 kB: number and hash each once. */
const TRANSLATED_TEXTS = 1_000;
const translations = new Map<string, { numbered: string; placeholders: number; name: string }>();

function translated(text: string) {
  let known = translations.get(text);
  if (!known) {
    let placeholders = 0;
    const numbered = text.replace(/\?/g, () => `$${++placeholders}`);
    known = { numbered, placeholders, name: `agora_${createHash('sha1').update(numbered).digest('hex').slice(0, 24)}` };
    if (translations.size >= TRANSLATED_TEXTS) translations.clear();
    translations.set(text, known);
  }
  return known;
}
