import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectQueue } from '@nestjs/bullmq';
import { Env, JobName, jobId, JobQueue, OnOutbox, OutboxRecord, OutboxTopic, QueueName } from '@agora/platform';
import { mentionWindow } from './periods';

/**
 * What the worker's outbox relay does with the entries of the contexts below: each becomes a job
 * with a deterministic id (ids only in its data), so an entry relayed twice enqueues nothing twice.
 * A failed add throws, and the relay tries the entry again later.
 */
@Injectable()
export class DigestsOutboxHandlers {
  constructor(
    @InjectQueue(QueueName.Digests) private readonly digests: JobQueue<QueueName.Digests>,
    @InjectQueue(QueueName.Mail) private readonly mail: JobQueue<QueueName.Mail>,
    private readonly config: ConfigService<Env, true>,
  ) {}

  @OnOutbox(OutboxTopic.InvitationCreated)
  async invitation({ payload: { invitationId } }: OutboxRecord<OutboxTopic.InvitationCreated>): Promise<void> {
    await this.mail.add(JobName.InvitationMail, { invitationId }, { jobId: jobId('invitation', invitationId) });
  }

  /**
   * Each mentioned user gets one delayed job per window (the window the message was stored in):
   * more mentions in the window join the same mail. Relayed late, the job runs at once.
   */
  @OnOutbox(OutboxTopic.MentionsCreated)
  async mentions({ payload: record }: OutboxRecord<OutboxTopic.MentionsCreated>): Promise<void> {
    const windowMs = this.config.get('MENTION_WINDOW_SECONDS', { infer: true }) * 1000;
    const window = mentionWindow(new Date(record.createdAt), windowMs);
    const delay = Math.max(0, window.end.getTime() - Date.now());
    await this.digests.addBulk(
      record.userIds.map((userId) => ({
        name: JobName.MentionMail,
        data: { userId, windowKey: window.key, windowStart: window.start.toISOString(), windowEnd: window.end.toISOString() },
        opts: { jobId: jobId(window.key, userId), delay },
      })),
    );
  }
}
