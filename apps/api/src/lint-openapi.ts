import 'reflect-metadata';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { AppModule } from './app.module';
import { apiDocument, setRoutePrefix } from './bootstrap';

/** A fixed, git-ignored path: .redocly.lint-ignore.yaml names its known exceptions by this file. */
const DOCUMENT_FILE = 'var/openapi.json';

/**
 * `npm run lint:openapi`: the document /api/docs-json serves, built without a database, Redis or
 * a port (Nest's preview mode wires the routes but starts no provider), linted by Redocly with
 * redocly.yaml. The exit code is Redocly's.
 */
async function main(): Promise<number> {
  // Configuration is still validated; a throwaway secret keeps the real one (or its file) out of it.
  process.env.JWT_SECRET = randomBytes(32).toString('hex');
  const app = await NestFactory.create(AppModule, new FastifyAdapter(), { preview: true, logger: false, abortOnError: false });
  setRoutePrefix(app);
  const document = apiDocument(app);
  await app.close();

  mkdirSync(dirname(DOCUMENT_FILE), { recursive: true });
  writeFileSync(DOCUMENT_FILE, JSON.stringify(document, null, 2));
  return (
    spawnSync(process.execPath, [require.resolve('@redocly/cli/bin/cli.js'), 'lint', DOCUMENT_FILE, '--config', 'redocly.yaml'], {
      stdio: 'inherit',
    }).status ?? 1
  );
}

main().then(
  (status) => process.exit(status),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
