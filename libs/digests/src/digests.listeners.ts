import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectQueue } from '@nestjs/bullmq';
import { OnEvent } from '@nestjs/event-emitter';
import { Queue } from 'bullmq';
import { DiscussionsEvents, MessageEvent } from '@agora/discussions';
import { IdentityEvents, InvitationCreatedEvent } from '@agora/identity';
import { Env, JobName, jobId, QueueName } from '@agora/platform';
import type { InvitationMailJobData } from './jobs/invitation-mail.job';
import type { MentionMailJobData } from './jobs/mention-mail.job';
import { mentionWindow } from './periods';

/**
 * Reactions of this context to events of the contexts below it: each turns a committed fact
 * into a queued job with a deterministic id, so that a repeated event enqueues nothing twice.
 */
@Injectable()
export class DigestsListeners {
  private readonly logger = new Logger(DigestsListeners.name);

  constructor(
    @InjectQueue(QueueName.Digests) private readonly digests: Queue,
    @InjectQueue(QueueName.Mail) private readonly mail: Queue,
    private readonly config: ConfigService<Env, true>,
  ) {}

  @OnEvent(IdentityEvents.InvitationCreated, { async: true, promisify: true })
  async onInvitation(event: InvitationCreatedEvent): Promise<void> {
    const data: InvitationMailJobData = { invitationId: event.invitationId, link: event.link };
    await this.enqueue(this.mail, JobName.InvitationMail, data, jobId('invitation', event.invitationId));
  }

  /** Each mentioned user gets one delayed job per window: more mentions in the window join the same mail. */
  @OnEvent(DiscussionsEvents.MessageCreated, { async: true, promisify: true })
  async onMessage(event: MessageEvent): Promise<void> {
    const windowMs = this.config.get('MENTION_WINDOW_SECONDS', { infer: true }) * 1000;
    const window = mentionWindow(new Date(event.message.createdAt), windowMs);
    for (const userId of event.mentionedUserIds) {
      if (userId === event.message.author.id) continue;
      const data: MentionMailJobData = {
        userId,
        windowKey: window.key,
        windowStart: window.start.toISOString(),
        windowEnd: window.end.toISOString(),
      };
      await this.enqueue(
        this.digests,
        JobName.MentionMail,
        data,
        jobId(window.key, userId),
        Math.max(0, window.end.getTime() - Date.now()),
      );
    }
  }

  /** Queues may be briefly unreachable (Redis restarting): say so, the fact itself is already stored. */
  private async enqueue(queue: Queue, name: JobName, data: object, id: string, delay = 0): Promise<void> {
    try {
      await queue.add(name, data, { jobId: id, delay });
    } catch (error) {
      this.logger.warn(`could not enqueue ${name} ${id}: ${(error as Error).message}`);
    }
  }
}
