import { Logger, OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Processor, WorkerHost } from '@nestjs/bullmq';
import { MikroORM, RequestContext } from '@mikro-orm/core';
import type { Job } from 'bullmq';
import { Env, JobName, QueueName } from '@agora/platform';
import { DigestTickHandler } from './digest-tick.handler';
import { DigestHandler } from './digest.handler';
import { MentionMailHandler } from './mention-mail.handler';
import { workerOptions } from './worker-options';

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
  process(job: Job<never>): Promise<unknown> {
    return RequestContext.create(this.orm.em, () => this.dispatch(job));
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
