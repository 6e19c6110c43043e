import { Processor, WorkerHost } from '@nestjs/bullmq';
import { MikroORM, RequestContext } from '@mikro-orm/core';
import type { Job } from 'bullmq';
import { JobName, QueueName } from '@agora/platform';
import { InvitationMailHandler } from './invitation-mail.handler';
import { workerOptions } from './worker-options';

/** The worker of the mail queue (single mails that are not digests). */
@Processor(QueueName.Mail, workerOptions())
export class MailProcessor extends WorkerHost {
  constructor(
    private readonly orm: MikroORM,
    private readonly invitation: InvitationMailHandler,
  ) {
    super();
  }

  /** The queue carries several payload types; each handler types its own, hence `never` here. */
  process(job: Job<never>): Promise<unknown> {
    if (job.name !== (JobName.InvitationMail as string))
      return Promise.reject(new Error(`no handler for ${job.name} on ${QueueName.Mail}`));
    return RequestContext.create(this.orm.em, () => this.invitation.handle(job));
  }
}
