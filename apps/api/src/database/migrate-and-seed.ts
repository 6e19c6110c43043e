import { MikroORM } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { withMigrationLock } from '@agora/platform';
import { seed } from './seed';

/**
 * Applies the pending migrations, then seeds, under the migration lock: of two processes doing
 * so at once, the second waits and then finds nothing left to do. Answers how many migrations
 * this call applied.
 */
export async function migrateAndSeed(orm: MikroORM, databaseUrl: string, production: boolean): Promise<number> {
  return withMigrationLock(databaseUrl, async () => {
    const applied = await orm.getMigrator().up();
    await seed(orm.em.fork() as EntityManager, production);
    return applied.length;
  });
}
