import type { INestApplication } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import { JwtService } from '@nestjs/jwt';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter as BullBoardAdapter } from '@bull-board/fastify';
import type { Queue } from 'bullmq';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  AccessTokensService,
  bearerToken,
  isStaff,
  problem,
  PROBLEM_CONTENT_TYPE,
  QueueName,
  QUEUE_DASHBOARD_COOKIE,
  QUEUE_DASHBOARD_PATH,
  QUEUE_DASHBOARD_PURPOSE,
} from '@agora/platform';
import { SessionsService } from '@agora/identity';

/**
 * Bull Board at /admin/queues, for admin and secretariat only. A browser cannot send a bearer
 * header when it opens a page, so the board also accepts the short-lived, path-scoped cookie
 * set by `POST /api/admin/queues/session`.
 */
export async function mountQueueDashboard(app: INestApplication): Promise<void> {
  const board = new BullBoardAdapter();
  board.setBasePath(QUEUE_DASHBOARD_PATH);
  createBullBoard({
    queues: Object.values(QueueName).map((name) => new BullMQAdapter(app.get<Queue>(getQueueToken(name)))),
    serverAdapter: board,
  });
  const tokens = app.get(AccessTokensService);
  const jwt = app.get(JwtService);
  const sessions = app.get(SessionsService);
  const fastify = app.getHttpAdapter().getInstance() as FastifyInstance;
  await fastify.register(
    async (scope) => {
      scope.addHook('onRequest', async (request, reply) => {
        const session = sessionOf(request, tokens, jwt);
        if (!session || !(await sessions.isOpen(session))) {
          await reply
            .status(401)
            .header('content-type', PROBLEM_CONTENT_TYPE)
            .send(problem(401, 'The queue dashboard is for admin and secretariat: open a session with POST /api/admin/queues/session'));
        }
      });
      await scope.register(board.registerPlugin());
    },
    { prefix: QUEUE_DASHBOARD_PATH },
  );
}

/** The sign-in session of a staff bearer token or dashboard cookie; the board stays open only while it does. */
function sessionOf(request: FastifyRequest, tokens: AccessTokensService, jwt: JwtService): string | undefined {
  const bearer = bearerToken(request.headers.authorization);
  if (bearer) {
    try {
      const user = tokens.verify(bearer);
      return isStaff(user) ? user.sessionId : undefined;
    } catch {
      return undefined;
    }
  }
  const cookie = (request.headers.cookie ?? '')
    .split(';')
    .map((part) => part.trim().split('='))
    .find(([name]) => name === QUEUE_DASHBOARD_COOKIE)?.[1];
  try {
    const claims = jwt.verify<{ purpose?: string; sid?: unknown }>(cookie ?? '');
    return claims.purpose === QUEUE_DASHBOARD_PURPOSE && typeof claims.sid === 'string' ? claims.sid : undefined;
  } catch {
    return undefined;
  }
}
