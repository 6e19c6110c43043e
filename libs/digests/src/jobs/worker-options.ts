import type { WorkerOptions } from 'bullmq';

/**
 * BullMQ takes worker options in the @Processor decorator, so they are read when the module is
 * loaded. The same variables are validated with the rest of the environment at start-up
 * (libs/platform/src/config/env.ts), so a bad value still stops the process with one line.
 */
export function workerOptions(): Partial<WorkerOptions> {
  const lockMs = Number(process.env.JOB_LOCK_MS) || 30_000;
  const mailsPerSecond = Number(process.env.MAIL_RATE_PER_SECOND) || 50;
  return {
    // A worker that dies (SIGKILL, lost machine) stops renewing its locks; after lockDuration
    // another worker's stalled-job check (every stalledInterval) takes its jobs over.
    lockDuration: lockMs,
    stalledInterval: lockMs,
    maxStalledCount: 3,
    limiter: { max: mailsPerSecond, duration: 1000 },
  };
}
