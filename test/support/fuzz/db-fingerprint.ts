import { Client } from 'pg';

/** Per table: its row count and the newest row version's transaction id. */
export type Fingerprint = Record<string, string>;

/**
 * Watches every table of one database for writes. An insert or an update leaves a row version
 * whose `xmin` is newer than any before, a delete lowers the count; a rolled-back write leaves
 * neither (its row versions are invisible), which is what "no row written" means.
 */
export class DatabaseWatch {
  private constructor(
    private readonly pg: Client,
    private readonly statement: string,
  ) {}

  static async open(databaseUrl: string): Promise<DatabaseWatch> {
    const pg = new Client({ connectionString: databaseUrl });
    await pg.connect();
    const tables = (
      await pg.query<{ name: string }>(
        `select table_name as name from information_schema.tables
          where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`,
      )
    ).rows.map((row) => row.name);
    const statement = tables
      .map(
        (table) =>
          `select '${table}' as name, count(*) || ':' || coalesce(max(xmin::text::bigint), 0) as state from "${table.replace(/"/g, '""')}"`,
      )
      .join(' union all ');
    return new DatabaseWatch(pg, statement);
  }

  async fingerprint(): Promise<Fingerprint> {
    const rows = (await this.pg.query<{ name: string; state: string }>(this.statement)).rows;
    return Object.fromEntries(rows.map((row) => [row.name, row.state]));
  }

  close(): Promise<void> {
    return this.pg.end();
  }
}

/** The tables whose state differs between two fingerprints. */
export function changedTables(before: Fingerprint, after: Fingerprint): string[] {
  return Object.keys(after).filter((table) => before[table] !== after[table]);
}
