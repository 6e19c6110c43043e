import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { problem } from '../errors/problem';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { HealthCheck, HealthCheckService, MikroOrmHealthIndicator } from '@nestjs/terminus';
import { Public } from '../auth/auth.decorators';
import { RedisHealthIndicator } from './redis.health';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: MikroOrmHealthIndicator,
    private readonly redis: RedisHealthIndicator,
  ) {}

  @Get()
  @Public()
  @SkipThrottle()
  @HealthCheck()
  @ApiOperation({ summary: '200 when PostgreSQL and Redis answer, 503 otherwise' })
  async check() {
    try {
      const result = await this.health.check([
        () => this.database.pingCheck('postgres', { timeout: 1000 }),
        () => this.redis.pingCheck('redis'),
      ]);
      // The runtime's version, so an operator sees at a glance which Node a process really runs on.
      return { ...result, node: process.version };
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      // Say what is down, as a problem document with the per-service checks attached.
      const { details = {} } = error.getResponse() as { details?: Record<string, { status: string }> };
      const down = Object.keys(details).filter((name) => details[name]?.status !== 'up');
      throw new ServiceUnavailableException({
        ...problem(503, `Not ready: ${down.join(' and ')} did not answer`),
        checks: details,
        node: process.version,
      });
    }
  }
}
