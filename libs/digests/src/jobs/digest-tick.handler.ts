import { Injectable } from '@nestjs/common';
import { Clock, JobName, JobOf, OnJob } from '@agora/platform';
import { DigestPlanner, PlanResult } from '../digest.planner';

@Injectable()
export class DigestTickHandler {
  constructor(
    private readonly planner: DigestPlanner,
    private readonly clock: Clock,
  ) {}

  @OnJob(JobName.DigestTick)
  handle(job: JobOf<JobName.DigestTick>): Promise<PlanResult> {
    return this.planner.plan(this.clock.now(), job.data.force);
  }
}
