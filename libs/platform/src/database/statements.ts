import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import type { QueryResult, QueryResultRow } from 'pg';
import { PgStatement } from './sql';

export type Run = <R extends QueryResultRow>(statement: PgStatement) => Promise<R[]>;

interface PgClient {
  query<R extends QueryResultRow>(statement: PgStatement): Promise<QueryResult<R>>;
}

/**
 * Runs statements on the ORM's own pool, through `pg` directly. `em.execute()` splices the values
 * into the SQL text, so PostgreSQL parses and plans every call anew; a named statement is parsed
 * once per connection and, once PostgreSQL finds its generic plan as good as the custom ones,
 * planned once too (for the search, planning was two thirds of the statement's cost).
 */
@Injectable()
export class Statements {
  constructor(private readonly em: EntityManager) {}

  /** Several statements in a row on one connection (one checkout from the pool for all of them; no transaction). */
  async session<T>(work: (run: Run) => Promise<T>): Promise<T> {
    const client = this.em.getConnection().getKnex().client as {
      acquireConnection(): Promise<PgClient>;
      releaseConnection(connection: PgClient): Promise<void>;
    };
    const connection = await client.acquireConnection();
    try {
      return await work(async <R extends QueryResultRow>(statement: PgStatement) => (await connection.query<R>(statement)).rows);
    } finally {
      await client.releaseConnection(connection);
    }
  }
}
