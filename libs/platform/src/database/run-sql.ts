import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import { types, type CustomTypesConfig } from 'pg';
import { sql, Sql, statementName } from './sql';

const DATE_OID = 1082;
const keepText = (text: string): string => text;

/**
 * How raw rows' values are read: pg's own parsers, so `timestamptz` (and `timestamp`) columns
 * arrive as `Date` and their arrays as `Date[]`, instead of the text MikroORM's connection keeps
 * for its entities. `date` stays text ('2026-12-03'): a calendar day is no instant, and a `Date`
 * would place it at the process's local midnight. `bigint`, `numeric` and `count(*)` stay strings,
 * as pg gives them (a JS number cannot hold every value).
 */
const ROW_TYPES = {
  getTypeParser: (oid: number, format?: 'text' | 'binary'): ((text: string) => unknown) =>
    oid === DATE_OID && format !== 'binary' ? keepText : (types.getTypeParser(oid, format) as (text: string) => unknown),
} satisfies CustomTypesConfig;

/**
 * Runs one SQL statement and returns its rows: the one way to run SQL that is not an entity's
 * (see "Running SQL" in docs/architecture.md). Values travel as bind parameters, never spliced
 * into the text: a JS array is sent as a PostgreSQL array (`id = any(${ids}::uuid[])`, empty
 * too), and `prepare` names the statement after its text so that PostgreSQL parses it once per
 * connection (for a statement whose planning costs more than its execution, like the search).
 *
 * A function of `em` rather than an injectable: the caller passes the entity manager it works
 * with, so inside `em.transactional(async (em) => ...)` the statement runs in that transaction
 * (the fork's transaction context), and outside one on the request's fork like any ORM call.
 * Errors are MikroORM's (`UniqueConstraintViolationException`, `ConnectionException`...).
 */
export async function runSql<Row>(em: EntityManager, statement: Sql, options: { prepare?: boolean } = {}): Promise<Row[]> {
  const knex = em.getTransactionContext<Knex.Transaction>() ?? em.getConnection().getKnex();
  const name = options.prepare ? statementName(statement.text) : undefined;
  try {
    const result = await knex
      .raw<{ rows: Row[] }>(statement.text, statement.params as Knex.RawBinding[])
      .options({ name, types: ROW_TYPES });
    return result.rows;
  } catch (error) {
    // MikroORM's exceptions, as from any ORM call: ProblemFilter maps them (unique violation 409, unreachable 503).
    throw em.getDriver().convertException(error as Error);
  }
}

/**
 * Takes a transaction-scoped advisory lock on `key` (held until the transaction ends), to order
 * writers that guard an invariant no constraint can hold, such as a limit of seats.
 */
export async function lockForTransaction(em: EntityManager, key: string): Promise<void> {
  await runSql(em, sql`select pg_advisory_xact_lock(hashtext(${key}))`);
}
