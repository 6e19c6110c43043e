import { OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Processor, WorkerHost } from '@nestjs/bullmq';
import { MikroORM, RequestContext } from '@mikro-orm/core';
import { DelayedError, Job } from 'bullmq';
import { DigestLeased } from '../digest.sender';
import { Env, JobHandlers, QueueName } from '@agora/platform';
import { workerOptions } from './worker-options';

/** Past the lease's end, so that the next claim finds it expired despite clock skew between hosts. */
const LEASE_MARGIN_MS = 250;

/** The worker of the digests queue: each job goes to its `@OnJob` handler, in its own ORM context. */
@Processor(QueueName.Digests, workerOptions())
export class DigestsProcessor extends WorkerHost implements OnModuleInit {
  constructor(
    private readonly orm: MikroORM,
    private readonly config: ConfigService<Env, true>,
    private readonly jobs: JobHandlers,
  ) {
    super();
  }

  onModuleInit(): void {
    this.worker.concurrency = this.config.get('DIGEST_CONCURRENCY', { infer: true });
  }

  async process(job: Job, token?: string): Promise<unknown> {
    try {
      return await RequestContext.create(this.orm.em, () => this.jobs.run(QueueName.Digests, job, token));
    } catch (error) {
      if (!(error instanceof DigestLeased)) throw error;
      // Another worker still holds the digest (this job was taken over from a worker that froze
      // and may come back): wait for its lease to end, without spending an attempt.
      await job.moveToDelayed(error.until.getTime() + LEASE_MARGIN_MS, token);
      throw new DelayedError();
    }
  }
}
