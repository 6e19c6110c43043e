import { Logger, OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Processor, WorkerHost } from '@nestjs/bullmq';
import { MikroORM, RequestContext } from '@mikro-orm/core';
import { DelayedError, Job } from 'bullmq';
import { DigestLeased } from '../digest.sender';
import { Env, JobName, QueueName } from '@agora/platform';
import { DigestTickHandler } from './digest-tick.handler';
import { DigestHandler } from './digest.handler';
import { MentionMailHandler } from './mention-mail.handler';
import { workerOptions } from './worker-options';

/** Past the lease's end, so that the next claim finds it expired despite clock skew between hosts. */
const LEASE_MARGIN_MS = 250;

/**
 * The worker of the digests queue: each job name has exactly one handler class (the switch is
 * exhaustive over the names this queue carries); every job runs in its own ORM context.
 */
@Processor(QueueName.Digests, workerOptions())
export class DigestsProcessor extends WorkerHost implements OnModuleInit {
  private readonly logger = new Logger(DigestsProcessor.name);

  constructor(
    private readonly orm: MikroORM,
    private readonly config: ConfigService<Env, true>,
    private readonly tick: DigestTickHandler,
    private readonly digest: DigestHandler,
    private readonly mentions: MentionMailHandler,
  ) {
    super();
  }

  onModuleInit(): void {
    this.worker.concurrency = this.config.get('DIGEST_CONCURRENCY', { infer: true });
  }

  /** The queue carries several payload types; each handler types its own, hence `never` here. */
  async process(job: Job<never>, token?: string): Promise<unknown> {
    try {
      return await RequestContext.create(this.orm.em, () => this.dispatch(job));
    } catch (error) {
      if (!(error instanceof DigestLeased)) throw error;
      // Another worker still holds the digest (this job was taken over from a worker that froze
      // and may come back): wait for its lease to end, without spending an attempt.
      await job.moveToDelayed(error.until.getTime() + LEASE_MARGIN_MS, token);
      throw new DelayedError();
    }
  }

  private dispatch(job: Job<never>): Promise<unknown> {
    const name = job.name as JobName;
    switch (name) {
      case JobName.DigestTick:
        return this.tick.handle(job);
      case JobName.Digest:
        return this.digest.handle(job);
      case JobName.MentionMail:
        return this.mentions.handle(job);
      case JobName.InvitationMail:
        break;
    }
    this.logger.error(`job ${job.id} has a name this queue does not carry: ${job.name}`);
    return Promise.reject(new Error(`no handler for ${job.name} on ${QueueName.Digests}`));
  }
}
