import { Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import { DigestSender, SendOutcome } from '../digest.sender';
import type { DigestJobData } from './digest.job';

@Injectable()
export class DigestHandler {
  constructor(private readonly sender: DigestSender) {}

  handle(job: Job<DigestJobData>): Promise<SendOutcome> {
    return this.sender.send(job.data.userId, job.data.periodKey, isLastAttempt(job));
  }
}

export function isLastAttempt(job: Job): boolean {
  return job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
}
