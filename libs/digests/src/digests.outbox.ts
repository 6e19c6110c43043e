import { Injectable, OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectQueue } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { DiscussionsOutbox, MentionsCreatedRecord } from '@agora/discussions';
import { IdentityEvents, InvitationCreatedEvent } from '@agora/identity';
import { Env, JobName, jobId, OutboxRecord, OutboxRelay, QueueName } from '@agora/platform';
import type { InvitationMailJobData } from './jobs/invitation-mail.job';
import type { MentionMailJobData } from './jobs/mention-mail.job';
import { mentionWindow } from './periods';

/**
 * What the worker's outbox relay does with the entries of the contexts below: each becomes a job
 * with a deterministic id (ids only in its data), so an entry relayed twice enqueues nothing twice.
 * A failed add throws, and the relay tries the entry again later.
 */
@Injectable()
export class DigestsOutboxHandlers implements OnModuleInit {
  constructor(
    private readonly relay: OutboxRelay,
    @InjectQueue(QueueName.Digests) private readonly digests: Queue,
    @InjectQueue(QueueName.Mail) private readonly mail: Queue,
    private readonly config: ConfigService<Env, true>,
  ) {}

  onModuleInit(): void {
    this.relay.handle(IdentityEvents.InvitationCreated, (record: OutboxRecord<InvitationCreatedEvent>) => this.invitation(record.payload));
    this.relay.handle(DiscussionsOutbox.MentionsCreated, (record: OutboxRecord<MentionsCreatedRecord>) => this.mentions(record.payload));
  }

  private async invitation({ invitationId }: InvitationCreatedEvent): Promise<void> {
    const data: InvitationMailJobData = { invitationId };
    await this.mail.add(JobName.InvitationMail, data, { jobId: jobId('invitation', invitationId) });
  }

  /**
   * Each mentioned user gets one delayed job per window (the window the message was stored in):
   * more mentions in the window join the same mail. Relayed late, the job runs at once.
   */
  private async mentions(record: MentionsCreatedRecord): Promise<void> {
    const windowMs = this.config.get('MENTION_WINDOW_SECONDS', { infer: true }) * 1000;
    const window = mentionWindow(new Date(record.createdAt), windowMs);
    const delay = Math.max(0, window.end.getTime() - Date.now());
    await this.digests.addBulk(
      record.userIds.map((userId) => {
        const data: MentionMailJobData = {
          userId,
          windowKey: window.key,
          windowStart: window.start.toISOString(),
          windowEnd: window.end.toISOString(),
        };
        return { name: JobName.MentionMail, data, opts: { jobId: jobId(window.key, userId), delay } };
      }),
    );
  }
}
