import { Body, Controller, Get, HttpCode, HttpStatus, Post, Query, Res } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { JwtService } from '@nestjs/jwt';
import type { FastifyReply } from 'fastify';
import { InjectQueue } from '@nestjs/bullmq';
import { ApiAcceptedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import {
  AuthUser,
  Clock,
  CurrentUser,
  JobName,
  jobId,
  JobQueue,
  PageQuery,
  Env,
  QUEUE_DASHBOARD_PURPOSE,
  QUEUE_DASHBOARD_TTL_SECONDS,
  queueDashboardCookie,
  QueueName,
  Roles,
} from '@agora/platform';
import { DIGEST_STATUSES, DigestStatus } from './digest.entity';
import { DigestRecords } from './digest.records';
import { DigestRecordPage, RunDigestsDto } from './dto/digests.dto';

class DigestListQuery extends PageQuery {
  @IsOptional()
  @IsIn(DIGEST_STATUSES)
  status?: DigestStatus;
}

@ApiTags('digests')
@Controller('admin')
@Roles('admin', 'secretariat')
export class DigestsAdminController {
  constructor(
    @InjectQueue(QueueName.Digests) private readonly queue: JobQueue<QueueName.Digests>,
    private readonly records: DigestRecords,
    private readonly clock: Clock,
    private readonly jwt: JwtService,
    private readonly config: ConfigService<Env, true>,
  ) {}

  /** The operator's catch-up button: still at most one mail per user and period (the digest rows see to that). */
  @Post('digests/run')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: "Run the current period's digest for every user on that frequency now, whatever their local hour" })
  @ApiAcceptedResponse({ schema: { example: { jobId: 'digest-run-daily-202611261935' } } })
  async run(@Body() dto: RunDigestsDto): Promise<{ jobId: string }> {
    // One run per frequency and minute: a double click does not start two.
    const id = jobId('digest-run', dto.frequency, this.clock.now().toISOString().slice(0, 16).replace(/\D/g, ''));
    await this.queue.add(JobName.DigestTick, { force: dto.frequency }, { jobId: id });
    return { jobId: id };
  }

  /**
   * Opens the queue dashboard in this browser for an hour at most: a cookie scoped to its path,
   * useless elsewhere, tied to the sign-in session (`sid`), so logging out ends it too.
   */
  @Post('queues/session')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Open the queue dashboard at /admin/queues for an hour, or until logout (sets a cookie)' })
  @ApiNoContentResponse()
  openDashboard(@CurrentUser() user: AuthUser, @Res({ passthrough: true }) reply: FastifyReply): void {
    // The session ends the board with logout; the role decides what it lets this browser do (read-only unless admin).
    const claims = { sub: user.id, sid: user.sessionId, role: user.role, purpose: QUEUE_DASHBOARD_PURPOSE };
    const token = this.jwt.sign(claims, { expiresIn: QUEUE_DASHBOARD_TTL_SECONDS });
    void reply.header('set-cookie', queueDashboardCookie(token, this.config.get('PUBLIC_URL', { infer: true })));
  }

  @Get('digests')
  @ApiOperation({ summary: 'Digest records, newest first; ?status=failed shows what could not be delivered' })
  @ApiQuery({ name: 'status', required: false, enum: DIGEST_STATUSES })
  @ApiOkResponse({ type: DigestRecordPage })
  list(@Query() query: DigestListQuery) {
    return this.records.list(query.status, query);
  }
}
