import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MikroORM } from '@mikro-orm/core';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { AgoraConfigModule, DatabaseModule, ensureDatabase, preflight } from '@agora/platform';
import { ALL_ENTITIES } from './entities';
import { migrateAndSeed } from './migrate-and-seed';

@Module({ imports: [AgoraConfigModule.forRoot(), DatabaseModule, MikroOrmModule.forFeature(ALL_ENTITIES)] })
class DatabaseToolsModule {}

/**
 * `migrate.js` applies pending migrations and seeds; `migrate.js create` writes a new migration
 * from the difference between the entities and the database (a development task).
 */
async function main(command = process.argv[2] ?? 'up'): Promise<void> {
  const env = await preflight({ redis: false });
  if (await ensureDatabase(env.DATABASE_URL)) process.stdout.write(`database: created ${new URL(env.DATABASE_URL).pathname.slice(1)}\n`);
  const app = await NestFactory.createApplicationContext(DatabaseToolsModule, { logger: ['error', 'warn'] });
  const orm = app.get(MikroORM);
  try {
    if (command === 'create') {
      const migrator = orm.getMigrator();
      Object.assign(orm.config.get('migrations'), { path: 'libs/platform/src/database/migrations', emit: 'ts', snapshot: false });
      const result = await migrator.createMigration(undefined, false, false);
      process.stdout.write(result.fileName ? `wrote ${result.fileName}; add it to migrations/index.ts\n` : 'no changes\n');
      return;
    }
    const applied = await migrateAndSeed(orm, env.DATABASE_URL, env.NODE_ENV === 'production');
    process.stdout.write(`migrations: ${applied} applied\n`);
    process.stdout.write(`seed: done (${env.NODE_ENV === 'production' ? 'reference data only' : 'development data'})\n`);
  } finally {
    await app.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`agora: migration failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
