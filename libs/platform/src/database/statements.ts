import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import type { QueryResult, QueryResultRow } from 'pg';
import { PgStatement } from './sql';

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

  async rows<R extends QueryResultRow>(statement: PgStatement): Promise<R[]> {
    const client = this.em.getConnection().getKnex().client as {
      acquireConnection(): Promise<PgClient>;
      releaseConnection(connection: PgClient): Promise<void>;
    };
    const connection = await client.acquireConnection();
    try {
      return (await connection.query<R>(statement)).rows;
    } finally {
      await client.releaseConnection(connection);
    }
  }
}
