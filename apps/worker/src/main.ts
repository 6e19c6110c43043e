import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { exitOnStartupError, preflight, ProblemFilter, requestIdOptions } from '@agora/platform';
import { WorkerModule } from './worker.module';

async function main(): Promise<void> {
  const env = await preflight();
  const app = await NestFactory.create<NestFastifyApplication>(WorkerModule, new FastifyAdapter(requestIdOptions), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.useGlobalFilters(new ProblemFilter());
  // SIGTERM closes the BullMQ workers, which let running jobs finish before the process exits.
  app.enableShutdownHooks();
  await app.listen({ port: env.WORKER_PORT, host: '0.0.0.0' });
}

// A job or outbox topic with no handler, or two, stops the worker with one line.
main().catch(exitOnStartupError);
