import { Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import { JobName, JobOf, OnJob } from '@agora/platform';
import { DigestSender, SendOutcome } from '../digest.sender';

@Injectable()
export class DigestHandler {
  constructor(private readonly sender: DigestSender) {}

  @OnJob(JobName.Digest)
  handle(job: JobOf<JobName.Digest>): Promise<SendOutcome> {
    return this.sender.send(job.data.userId, job.data.periodKey, isLastAttempt(job));
  }
}

export function isLastAttempt(job: Job): boolean {
  return job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
}
