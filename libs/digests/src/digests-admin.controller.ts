import { Body, Controller, Get, HttpCode, HttpStatus, Post, Query } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Queue } from 'bullmq';
import { IsIn, IsOptional } from 'class-validator';
import { Clock, JobName, jobId, PageQuery, QueueName, Roles } from '@agora/platform';
import { DIGEST_STATUSES, DigestStatus } from './digest.entity';
import { DigestRecords } from './digest.records';
import { DigestRecordPage, RunDigestsDto } from './dto/digests.dto';
import type { DigestTickJobData } from './jobs/digest-tick.job';

class DigestListQuery extends PageQuery {
  @IsOptional()
  @IsIn(DIGEST_STATUSES)
  status?: DigestStatus;
}

@ApiTags('digests')
@ApiBearerAuth()
@Controller('admin/digests')
@Roles('admin', 'secretariat')
export class DigestsAdminController {
  constructor(
    @InjectQueue(QueueName.Digests) private readonly queue: Queue,
    private readonly records: DigestRecords,
    private readonly clock: Clock,
  ) {}

  /** The operator's catch-up button: still at most one mail per user and period (the digest rows see to that). */
  @Post('run')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: "Run the current period's digest for every user on that frequency now, whatever their local hour" })
  @ApiAcceptedResponse({ schema: { example: { jobId: 'digest-run-daily-202611261935' } } })
  async run(@Body() dto: RunDigestsDto): Promise<{ jobId: string }> {
    // One run per frequency and minute: a double click does not start two.
    const id = jobId('digest-run', dto.frequency, this.clock.now().toISOString().slice(0, 16).replace(/\D/g, ''));
    const data: DigestTickJobData = { force: dto.frequency };
    await this.queue.add(JobName.DigestTick, data, { jobId: id });
    return { jobId: id };
  }

  @Get()
  @ApiOperation({ summary: 'Digest records, newest first; ?status=failed shows what could not be delivered' })
  @ApiQuery({ name: 'status', required: false, enum: DIGEST_STATUSES })
  @ApiOkResponse({ type: DigestRecordPage })
  list(@Query() query: DigestListQuery) {
    return this.records.list(query.status, query);
  }
}
