import 'reflect-metadata';
import { Global, Injectable, Module, Type } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { EntityManager } from '@mikro-orm/postgresql';
import type { Job } from 'bullmq';
import { JobHandlers, JobOf, JobsModule, OnJob } from './jobs';
import { OnOutbox, OutboxModule, OutboxRecord } from './outbox.relay';
import { JobName, OutboxTopic, QueueName } from './queues';
import { exitOnStartupError, StartupError } from './handlers';

@Injectable()
class TickAndDigest {
  @OnJob(JobName.DigestTick)
  tick(job: JobOf<JobName.DigestTick>): Promise<string> {
    return Promise.resolve(`tick ${job.data.force ?? 'scheduled'}`);
  }

  @OnJob(JobName.Digest)
  digest(job: JobOf<JobName.Digest>): Promise<string> {
    return Promise.resolve(`digest ${job.data.userId}`);
  }
}

@Injectable()
class Mail {
  @OnJob(JobName.InvitationMail)
  invitation(): Promise<string> {
    return Promise.resolve('invitation');
  }

  @OnJob(JobName.MentionMail)
  mentions(): Promise<string> {
    return Promise.resolve('mentions');
  }
}

@Injectable()
class AnotherDigest {
  @OnJob(JobName.Digest)
  send(): Promise<string> {
    return Promise.resolve('another');
  }
}

const start = async (providers: Type[]) => {
  const moduleRef = await Test.createTestingModule({ imports: [JobsModule], providers }).compile();
  moduleRef.useLogger(false);
  return moduleRef.init();
};
const job = (name: string, data: object = {}) => ({ id: '1', name, data }) as Job;

describe('job handlers', () => {
  it('hands each job to the one method marked for its name, on its own queue only', async () => {
    const app = await start([TickAndDigest, Mail]);
    const jobs = app.get(JobHandlers);
    await expect(jobs.run(QueueName.Digests, job(JobName.Digest, { userId: 'u1' }))).resolves.toBe('digest u1');
    await expect(jobs.run(QueueName.Digests, job(JobName.DigestTick, { force: 'weekly' }))).resolves.toBe('tick weekly');
    await expect(jobs.run(QueueName.Mail, job(JobName.InvitationMail))).resolves.toBe('invitation');
    await expect(jobs.run(QueueName.Mail, job(JobName.Digest))).rejects.toThrow('no handler for digest on mail');
    await expect(jobs.run(QueueName.Digests, job('retired-job'))).rejects.toThrow('no handler for retired-job on digests');
    await app.close();
  });

  it('stops the start-up when a job has two handlers, naming both', async () => {
    const failed = start([TickAndDigest, Mail, AnotherDigest]);
    await expect(failed).rejects.toThrow(StartupError);
    await expect(failed).rejects.toThrow('job digest has two handlers: TickAndDigest.digest and AnotherDigest.send');
  });

  it('stops the start-up when a job has no handler', async () => {
    await expect(start([TickAndDigest])).rejects.toThrow(
      /^job (invitation-mail|mention-mail) has no handler: mark one method with @OnJob\('/,
    );
  });
});

@Injectable()
class Invitations {
  @OnOutbox(OutboxTopic.InvitationCreated)
  relay(record: OutboxRecord<OutboxTopic.InvitationCreated>): Promise<void> {
    return Promise.resolve(void record.payload.invitationId);
  }
}

/** The relay's database, never reached: the check runs before the first pass. */
@Global()
@Module({ providers: [{ provide: EntityManager, useValue: {} }], exports: [EntityManager] })
class NoDatabase {}

describe('outbox handlers', () => {
  it('stop the start-up when a topic has no handler', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [NoDatabase, OutboxModule], providers: [Invitations] }).compile();
    await expect(moduleRef.init()).rejects.toThrow(
      "outbox topic discussions.mentions-created has no handler: mark one method with @OnOutbox('discussions.mentions-created')",
    );
  });
});

describe('exitOnStartupError', () => {
  afterEach(() => jest.restoreAllMocks());

  it('ends the process with the one line of a StartupError, and throws anything else on', () => {
    const written = jest.spyOn(process.stderr, 'write').mockReturnValue(true);
    const exit = jest.spyOn(process, 'exit').mockImplementation(() => undefined as never);
    exitOnStartupError(new StartupError('job digest has two handlers: A.a and B.b'));
    expect(written.mock.calls).toEqual([['agora: job digest has two handlers: A.a and B.b\n']]);
    expect(exit).toHaveBeenCalledWith(1);
    const other = new Error('boom');
    expect(() => exitOnStartupError(other)).toThrow(other);
  });
});
