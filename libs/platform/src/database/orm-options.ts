import { Options } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { SeedManager } from '@mikro-orm/seeder';
import { migrationsList } from './migrations';
import { PG_ACQUIRE_TIMEOUT_MS, PG_CONNECT_TIMEOUT_MS, PG_POOL_SIZE, PG_SESSION_OPTIONS } from './sql';

/** MikroORM options shared by the apps, the migrate command and the tests. */
export function ormOptions(clientUrl: string, debug = false): Options<PostgreSqlDriver> {
  return {
    driver: PostgreSqlDriver,
    clientUrl,
    forceUtcTimezone: true,
    // Entities register themselves through MikroOrmModule.forFeature in each context's module.
    entities: [],
    discovery: { warnWhenNoEntities: false },
    extensions: [Migrator, SeedManager],
    migrations: { migrationsList, transactional: true, allOrNothing: true, snapshot: false },
    pool: { min: 0, max: PG_POOL_SIZE },
    driverOptions: {
      connection: { options: PG_SESSION_OPTIONS, connectionTimeoutMillis: PG_CONNECT_TIMEOUT_MS, keepAlive: true },
      acquireConnectionTimeout: PG_ACQUIRE_TIMEOUT_MS,
    },
    debug,
  };
}
