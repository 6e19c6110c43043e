import { Client } from 'pg';

/** PostgreSQL's answers when another process created the same database first. */
const DUPLICATE_DATABASE = '42P04';
// Two CREATE DATABASE racing past the catalog check: the loser trips pg_database's unique index.
const UNIQUE_VIOLATION = '23505';

/**
 * Creates the database named in `url` when it does not exist yet, so that `npm start` works on
 * a PostgreSQL that has never seen Agora. Connects to the server's `postgres` database to do so.
 * Another process creating it at the same time (the api and `db:migrate` started together) is
 * no error: the database exists either way. Answers whether this call created it.
 */
export async function ensureDatabase(url: string): Promise<boolean> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (rowCount) return false;
    await client.query(`create database "${name.replace(/"/g, '""')}"`);
    return true;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === DUPLICATE_DATABASE || code === UNIQUE_VIOLATION) return false;
    throw error;
  } finally {
    await client.end();
  }
}

/** The key of the session-level advisory lock that migrations and seeding run under. */
const MIGRATION_LOCK = 'agora:migrate';

/**
 * Runs `work` (migrating and seeding) while holding an advisory lock on the database in `url`,
 * on a connection of its own, so that two processes migrating at once take turns: the second
 * finds the migrations applied and the seed present. MikroORM's migrator takes no such lock.
 * The lock goes with the connection, so a process that dies holding it releases it.
 */
export async function withMigrationLock<T>(url: string, work: () => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('select pg_advisory_lock(hashtext($1))', [MIGRATION_LOCK]);
    return await work();
  } finally {
    await client.end();
  }
}
