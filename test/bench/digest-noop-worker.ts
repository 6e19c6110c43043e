import { Worker } from 'bullmq';

/**
 * The baseline of the digest benchmark (run by digest.bench.ts with `node --import tsx`, an IPC
 * channel to the parent): a plain BullMQ worker whose processor does nothing, with the options
 * of Agora's digests worker (libs/digests/src/jobs/worker-options.ts: concurrency, rate limiter,
 * lock). What it costs to push a job through it is the cost of BullMQ and Redis alone.
 *
 * Environment: REDIS_URL, BENCH_PREFIX (BullMQ key prefix), BENCH_QUEUE, BENCH_JOBS (how many
 * completions make the run), BENCH_CONCURRENCY, MAIL_RATE_PER_SECOND, JOB_LOCK_MS.
 */

export type NoopWorkerReport = { type: 'ready' } | { type: 'progress'; completed: number; failed: number; done: boolean };

const PROGRESS_INTERVAL_MS = 200;

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

function report(message: NoopWorkerReport): void {
  process.send?.(message);
}

async function main(): Promise<void> {
  const target = Number(required('BENCH_JOBS'));
  const lockMs = Number(process.env.JOB_LOCK_MS) || 30_000;
  const worker = new Worker(required('BENCH_QUEUE'), () => Promise.resolve(undefined), {
    connection: { url: required('REDIS_URL'), maxRetriesPerRequest: null },
    prefix: required('BENCH_PREFIX'),
    concurrency: Number(required('BENCH_CONCURRENCY')),
    lockDuration: lockMs,
    stalledInterval: lockMs,
    maxStalledCount: 3,
    limiter: { max: Number(process.env.MAIL_RATE_PER_SECOND) || 50, duration: 1000 },
  });
  let completed = 0;
  let failed = 0;
  let reported = -1;
  const progress = () => {
    const done = completed + failed >= target;
    if (completed + failed === reported && !done) return;
    reported = completed + failed;
    report({ type: 'progress', completed, failed, done });
  };
  worker.on('completed', () => {
    completed++;
    if (completed + failed === target) progress();
  });
  worker.on('failed', () => {
    failed++;
    if (completed + failed === target) progress();
  });
  worker.on('error', (error) => process.stderr.write(`noop-worker: ${error.message}\n`));
  const timer = setInterval(progress, PROGRESS_INTERVAL_MS);

  const stop = () => {
    clearInterval(timer);
    worker
      .close()
      .catch((error: unknown) => process.stderr.write(`noop-worker: close failed: ${String(error)}\n`))
      .finally(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  process.once('disconnect', stop);

  await worker.waitUntilReady();
  report({ type: 'ready' });
}

main().catch((error: unknown) => {
  process.stderr.write(`noop-worker: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
