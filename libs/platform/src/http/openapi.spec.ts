import { Body, Controller, Get, Module, Param, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { ApiBearerAuth, ApiProperty, ApiSecurity, DocumentBuilder, OpenAPIObject, OperationObject, ResponseObject } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { AuthThrottled, Public, Roles } from '../auth/auth.decorators';
import { ApiProblems, createOpenApiDocument } from './openapi';

class ThingDto {
  @ApiProperty() name!: string;
}

@Controller('things')
class ThingsController {
  @Get(':id')
  get(@Param('id') id: string) {
    return id;
  }

  @Post()
  @Roles('admin')
  create(@Body() dto: ThingDto) {
    return dto;
  }

  @Post('sign-in')
  @Public()
  @AuthThrottled()
  @SkipThrottle()
  signIn(@Body() dto: ThingDto) {
    return dto;
  }

  @Get('ping')
  @Public()
  @SkipThrottle()
  ping() {
    return 'pong';
  }

  @Get('feed')
  @Public()
  @ApiBearerAuth()
  @ApiSecurity('feedToken')
  @ApiProblems(404)
  feed() {
    return '';
  }
}

@Module({ controllers: [ThingsController] })
class ThingsModule {}

describe('createOpenApiDocument: security and problems from the routes’ own metadata', () => {
  let document: OpenAPIObject;
  const operation = (path: string, method: 'get' | 'post'): OperationObject => document.paths[path][method]!;
  const errorStatuses = (op: OperationObject) => Object.keys(op.responses).filter((status) => Number(status) >= 400);

  beforeAll(async () => {
    const app = await NestFactory.create(ThingsModule, new FastifyAdapter(), { preview: true, logger: false });
    document = createOpenApiDocument(app, new DocumentBuilder().addBearerAuth().build());
    await app.close();
  });

  it('asks for the bearer token unless the route is @Public, and keeps what a public route declares', () => {
    expect(operation('/things/{id}', 'get').security).toEqual([{ bearer: [] }]);
    expect(operation('/things/ping', 'get').security).toEqual([]);
    expect(operation('/things/sign-in', 'post').security).toEqual([]);
    expect(operation('/things/feed', 'get').security).toEqual(expect.arrayContaining([{ bearer: [] }, { feedToken: [] }]));
  });

  it('derives 400, 401, 403, 404 and 429 from input, credentials, @Roles, path parameters and throttling', () => {
    expect(errorStatuses(operation('/things/{id}', 'get'))).toEqual(['400', '401', '404', '429']);
    expect(errorStatuses(operation('/things', 'post'))).toEqual(['400', '401', '403', '429']);
    // Skipped by the general limit, still under the sign-in limit.
    expect(errorStatuses(operation('/things/sign-in', 'post'))).toEqual(['400', '429']);
    expect(errorStatuses(operation('/things/ping', 'get'))).toEqual([]);
    expect(errorStatuses(operation('/things/feed', 'get'))).toEqual(['401', '404', '429']);
  });

  it('documents every error as application/problem+json with the one Problem schema', () => {
    const errors = Object.values(document.paths).flatMap((item) =>
      [item.get, item.post].flatMap((op) => (op ? errorStatuses(op).map((status) => op.responses[status] as ResponseObject) : [])),
    );
    expect(errors.length).toBeGreaterThan(10);
    for (const error of errors) {
      expect(error.description).not.toBe('');
      expect(error.content).toEqual({ 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } });
    }
    expect(document.components?.schemas?.Problem).toMatchObject({ required: ['type', 'title', 'status', 'detail', 'code'] });
  });
});
