import { Processor, WorkerHost } from '@nestjs/bullmq';
import { MikroORM, RequestContext } from '@mikro-orm/core';
import type { Job } from 'bullmq';
import { JobHandlers, QueueName } from '@agora/platform';
import { workerOptions } from './worker-options';

/** The worker of the mail queue (single mails that are not digests): each job goes to its `@OnJob` handler, in its own ORM context. */
@Processor(QueueName.Mail, workerOptions())
export class MailProcessor extends WorkerHost {
  constructor(
    private readonly orm: MikroORM,
    private readonly jobs: JobHandlers,
  ) {
    super();
  }

  process(job: Job, token?: string): Promise<unknown> {
    return RequestContext.create(this.orm.em, () => this.jobs.run(QueueName.Mail, job, token));
  }
}
