import { Injectable, Logger, Module, OnModuleInit, SetMetadata } from '@nestjs/common';
import { DiscoveryModule, DiscoveryService, MetadataScanner } from '@nestjs/core';
import type { BulkJobOptions, Job, JobSchedulerTemplateOptions, JobsOptions, Queue, RepeatOptions } from 'bullmq';
import { FoundHandler, findHandlers, oneHandlerEach } from './handlers';
import { JOB_QUEUE, JobData, JobName, JobsOf, QueueName } from './queues';

const ON_JOB = 'agora:on-job';

type JobRunner = (job: Job, token?: string) => Promise<unknown>;

/** A job of name N, as its handler receives it. */
export type JobOf<N extends JobName> = Job<JobData<N>, unknown, N>;

/**
 * Marks the one method that runs jobs of this name. The compiler holds the method to the job's
 * payload; JobHandlers stops the start-up when a job has no handler or two.
 */
export function OnJob<N extends JobName>(name: N) {
  return <M extends (job: JobOf<N>, token?: string) => Promise<unknown>>(
    target: object,
    key: string | symbol,
    descriptor: TypedPropertyDescriptor<M>,
  ): void => {
    SetMetadata(ON_JOB, name)(target, key, descriptor);
  };
}

/** A job as a producer enqueues it: its name, the payload of that name, and a deterministic jobId. */
type Enqueued<N extends JobName> = N extends JobName ? { name: N; data: JobData<N>; opts: BulkJobOptions & { jobId: string } } : never;

/**
 * Queue Q as its producers see it (`@InjectQueue(QueueName.X) queue: JobQueue<QueueName.X>`):
 * only the jobs Q carries, each with its own payload, and always a jobId, so enqueuing twice
 * does nothing.
 */
export type JobQueue<Q extends QueueName> = Omit<Queue, 'add' | 'addBulk' | 'upsertJobScheduler'> & {
  add<N extends JobsOf<Q>>(name: N, data: JobData<N>, opts: JobsOptions & { jobId: string }): Promise<Job>;
  addBulk(jobs: Enqueued<JobsOf<Q>>[]): Promise<Job[]>;
  upsertJobScheduler<N extends JobsOf<Q>>(
    id: string,
    repeat: Omit<RepeatOptions, 'key'>,
    template: { name: N; data: JobData<N>; opts?: JobSchedulerTemplateOptions },
  ): Promise<Job>;
};

/**
 * The handler of every job, found at start-up among the application's providers (`@OnJob`),
 * as Immich's job repository does: a job with no handler, or two, stops the process. The
 * processors hand each job they take to `run`.
 */
@Injectable()
export class JobHandlers implements OnModuleInit {
  private readonly logger = new Logger(JobHandlers.name);
  private handlers = new Map<string, FoundHandler<JobRunner>>();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
  ) {}

  onModuleInit(): void {
    this.handlers = oneHandlerEach(findHandlers<JobRunner>(this.discovery, this.scanner, ON_JOB), Object.values(JobName), 'job', 'OnJob');
  }

  run(queue: QueueName, job: Job, token?: string): Promise<unknown> {
    const handler = JOB_QUEUE[job.name as JobName] === queue ? this.handlers.get(job.name) : undefined;
    if (handler) return handler.run(job, token);
    this.logger.error(`job ${job.id} has a name queue ${queue} does not carry: ${job.name}`);
    return Promise.reject(new Error(`no handler for ${job.name} on ${queue}`));
  }
}

/** For a process that runs jobs (the worker): import it beside the processors. */
@Module({ imports: [DiscoveryModule], providers: [JobHandlers], exports: [JobHandlers] })
export class JobsModule {}
