import { Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import { Clock } from '@agora/platform';
import { DigestPlanner, PlanResult } from '../digest.planner';
import type { DigestTickJobData } from './digest-tick.job';

@Injectable()
export class DigestTickHandler {
  constructor(
    private readonly planner: DigestPlanner,
    private readonly clock: Clock,
  ) {}

  handle(job: Job<DigestTickJobData>): Promise<PlanResult> {
    return this.planner.plan(this.clock.now(), job.data.force);
  }
}
