import { Logger, Module, OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { BullModule, InjectQueue } from '@nestjs/bullmq';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { DiscussionsModule } from '@agora/discussions';
import { EventsModule } from '@agora/events';
import { ExchangesModule } from '@agora/exchanges';
import { KnowledgeModule } from '@agora/knowledge';
import { ForumsModule } from '@agora/forums';
import { IdentityModule } from '@agora/identity';
import { MailModule } from '@agora/mail';
import { Env, JobName, JobQueue, JobsModule, OutboxModule, QueueName } from '@agora/platform';
import { DigestComposer } from './digest.composer';
import { DigestPlanner } from './digest.planner';
import { DigestPreference } from './digest-preference.entity';
import { DigestPreferencesController } from './digest-preferences.controller';
import { DigestPreferencesService } from './digest-preferences.service';
import { DigestRecords } from './digest.records';
import { DigestSender } from './digest.sender';
import { DigestSubscription } from './digest-subscription.entity';
import { Digest } from './digest.entity';
import { DigestsAdminController } from './digests-admin.controller';
import { DigestsOutboxHandlers } from './digests.outbox';
import { DigestTickHandler } from './jobs/digest-tick.handler';
import { DigestHandler } from './jobs/digest.handler';
import { DigestsProcessor } from './jobs/digests.processor';
import { InvitationMailHandler } from './jobs/invitation-mail.handler';
import { MailProcessor } from './jobs/mail.processor';
import { MentionMailHandler } from './jobs/mention-mail.handler';
import { UnsubscribeController } from './unsubscribe.controller';
import { UnsubscribeTokens } from './unsubscribe-tokens';

/** Retries back off exponentially; finished jobs leave Redis (the digest rows are the record). */
const queueOptions = (config: ConfigService<Env, true>) => ({
  defaultJobOptions: {
    attempts: config.get('MAIL_ATTEMPTS', { infer: true }),
    backoff: { type: 'exponential', delay: config.get('MAIL_BACKOFF_MS', { infer: true }) },
    removeOnComplete: { age: 3600, count: 10_000 },
    removeOnFail: { age: 7 * 24 * 3600 },
  },
});

/** Digests and notification mail: providers and queues, shared by the api (producer) and the worker (consumer). */
@Module({
  imports: [
    MikroOrmModule.forFeature([DigestPreference, DigestSubscription, Digest]),
    BullModule.registerQueueAsync(
      { name: QueueName.Digests, inject: [ConfigService], useFactory: queueOptions },
      { name: QueueName.Mail, inject: [ConfigService], useFactory: queueOptions },
    ),
    IdentityModule,
    ForumsModule,
    DiscussionsModule,
    KnowledgeModule,
    ExchangesModule,
    EventsModule,
    MailModule,
  ],
  providers: [DigestPreferencesService, DigestComposer, DigestPlanner, DigestRecords, DigestSender, UnsubscribeTokens],
  exports: [DigestPreferencesService, DigestPlanner, DigestRecords, DigestSender, DigestComposer, UnsubscribeTokens, BullModule],
})
export class DigestsModule {}

/**
 * The api side: settings, preview, unsubscribe, the operator's endpoints. The mail that other
 * contexts' facts lead to is enqueued by the worker, from the outbox (DigestsOutboxHandlers).
 */
@Module({
  imports: [DigestsModule, IdentityModule, ForumsModule],
  controllers: [DigestPreferencesController, UnsubscribeController, DigestsAdminController],
})
export class DigestsHttpModule {}

/**
 * The worker side: the processors, the job handlers (`@OnJob`), the outbox relay's handlers
 * (`@OnOutbox`), and the job scheduler that ticks every DIGEST_TICK_SECONDS.
 */
@Module({
  imports: [DigestsModule, IdentityModule, ForumsModule, DiscussionsModule, MailModule, JobsModule, OutboxModule],
  providers: [
    DigestsProcessor,
    MailProcessor,
    DigestTickHandler,
    DigestHandler,
    MentionMailHandler,
    InvitationMailHandler,
    DigestsOutboxHandlers,
  ],
})
export class DigestsWorkerModule implements OnApplicationBootstrap {
  constructor(
    @InjectQueue(QueueName.Digests) private readonly queue: JobQueue<QueueName.Digests>,
    private readonly config: ConfigService<Env, true>,
  ) {}

  private readonly logger = new Logger(DigestsWorkerModule.name);

  /**
   * Idempotent: every worker upserts the same scheduler, so there is one tick however many workers
   * run. The scheduler lives only in Redis: a Redis that restarts empty forgets it, so it is upserted
   * again on every reconnection too.
   */
  async onApplicationBootstrap(): Promise<void> {
    this.queue.getBackend().on('ready', () => {
      this.upsertTick().catch((error: Error) => this.logger.warn(`digest scheduler not restored: ${error.message}`));
    });
    await this.upsertTick();
  }

  private async upsertTick(): Promise<void> {
    await this.queue.upsertJobScheduler(
      'digest-tick',
      { every: this.config.get('DIGEST_TICK_SECONDS', { infer: true }) * 1000 },
      { name: JobName.DigestTick, data: {} },
    );
  }
}
