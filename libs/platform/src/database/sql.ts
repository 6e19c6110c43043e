import { createHash } from 'node:crypto';

/**
 * SQL composed from fragments that carry their own parameters, and the settings of the apps'
 * PostgreSQL sessions. No Nest, ORM or driver imports: the benchmarks load this file with tsx.
 */

/** A piece of SQL with its parameters in the order of their `?` placeholders (knex's style). */
export class Sql {
  constructor(
    readonly text: string,
    readonly params: readonly unknown[] = [],
  ) {}
}

/**
 * Tagged template: `${value}` becomes a `?` placeholder with its parameter, `${sql`...`}` is
 * spliced in with its own, so that placeholders and parameters can never drift apart. A JS array
 * is one parameter, sent as a PostgreSQL array: `id = any(${ids}::uuid[])` (empty too).
 */
export function sql(strings: TemplateStringsArray, ...values: unknown[]): Sql {
  let text = strings[0];
  const params: unknown[] = [];
  values.forEach((value, i) => {
    if (value instanceof Sql) {
      text += value.text;
      params.push(...value.params);
    } else {
      text += '?';
      params.push(value);
    }
    text += strings[i + 1];
  });
  return new Sql(text, params);
}

/** Joins fragments with a separator (written as SQL text, not as a parameter). */
export function joinSql(parts: readonly Sql[], separator: string): Sql {
  return new Sql(
    parts.map((part) => part.text).join(separator),
    parts.flatMap((part) => part.params),
  );
}

/** Trusted SQL text (identifiers, expressions written in the code), never user input. */
export const raw = (text: string): Sql => new Sql(text);

/** Texts are few (one per shape of a query), and a search's is 6 kB: hash each once. */
const NAMED_TEXTS = 1_000;
const names = new Map<string, string>();

/** The name of a prepared statement, derived from its text, so that two texts never share a name. */
export function statementName(text: string): string {
  let name = names.get(text);
  if (name === undefined) {
    name = `agora_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
    if (names.size >= NAMED_TEXTS) names.clear();
    names.set(text, name);
  }
  return name;
}

/** `$1, $2, ...` placeholders and, with `prepare`, the statement's name: for a plain `pg` client (the benchmarks). */
export function pgQuery(statement: Sql, prepare = false): { name?: string; text: string; values: unknown[] } {
  let placeholders = 0;
  const text = statement.text.replace(/\?/g, () => `$${++placeholders}`);
  return { name: prepare ? statementName(statement.text) : undefined, text, values: [...statement.params] };
}

/**
 * Settings of every session the apps open (libpq `options`). JIT off: PostgreSQL compiles a plan
 * whose estimated cost passes jit_above_cost, and it overestimates the rows of a rare word's search
 * by orders of magnitude, so compiling took far longer than running the query (docs/benchmarks.md).
 * Nothing here is an analytic query that compilation would pay off for.
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
