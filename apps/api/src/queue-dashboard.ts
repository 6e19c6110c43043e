import type { INestApplication } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import { JwtService } from '@nestjs/jwt';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter as BullBoardAdapter } from '@bull-board/fastify';
import type { Queue } from 'bullmq';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
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
  Role,
} from '@agora/platform';
import { SessionsService } from '@agora/identity';

/** What may change the queues from the board (retry, clean, promote, add, pause, edit job data ...). */
const MAY_OPERATE: Role = 'admin';
const READS = new Set(['GET', 'HEAD']);
/** The board's API call that lists the queues and their jobs (and tells the UI what it may offer). */
const QUEUE_LIST = `${QUEUE_DASHBOARD_PATH}/api/queues`;

/**
 * Bull Board at /admin/queues, for admin and secretariat only. A browser cannot send a bearer
 * header when it opens a page, so the board also accepts the short-lived, path-scoped cookie
 * set by `POST /api/admin/queues/session`. Only an admin may change anything: a board that can
 * add or edit jobs can make the worker do anything a job does, so for the secretariat every
 * call but a read is refused here, whatever the board's own UI offers, and the UI is told the
 * queues are read-only so that it offers nothing.
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
        const caller = callerOf(request, tokens, jwt);
        if (!caller || !(await sessions.isOpen(caller.sessionId))) {
          await refuse(reply, 401, 'The queue dashboard is for admin and secretariat: open a session with POST /api/admin/queues/session');
        } else if (caller.role !== MAY_OPERATE && !READS.has(request.method)) {
          await refuse(reply, 403, 'The queue dashboard is read-only for the secretariat: only an admin may retry, clean or change jobs');
        }
      });
      scope.addHook('onSend', async (request, reply, payload) => {
        if (request.method !== 'GET' || request.url.split('?')[0] !== QUEUE_LIST || reply.statusCode !== 200) return payload;
        return callerOf(request, tokens, jwt)?.role === MAY_OPERATE ? payload : readOnlyQueues(payload);
      });
      await scope.register(board.registerPlugin());
    },
    { prefix: QUEUE_DASHBOARD_PATH },
  );
}

function refuse(reply: FastifyReply, status: number, detail: string): FastifyReply {
  return reply.status(status).header('content-type', PROBLEM_CONTENT_TYPE).send(problem(status, detail));
}

/** The board's queue list with every queue marked read-only: its UI then hides the buttons that change jobs. */
function readOnlyQueues(payload: unknown): unknown {
  if (typeof payload !== 'string') return payload;
  const body = JSON.parse(payload) as { queues?: Record<string, unknown>[] };
  for (const queue of body.queues ?? []) Object.assign(queue, { readOnlyMode: true, allowRetries: false, allowCompletedRetries: false });
  return JSON.stringify(body);
}

interface DashboardCaller {
  sessionId: string;
  role: Role;
}

/**
 * The staff caller (bearer token or dashboard cookie) with the sign-in session the board stays
 * open for; null for anyone else. A cookie without a role opens the board read-only.
 */
function callerOf(request: FastifyRequest, tokens: AccessTokensService, jwt: JwtService): DashboardCaller | null {
  const bearer = bearerToken(request.headers.authorization);
  if (bearer) {
    try {
      const user = tokens.verify(bearer);
      return isStaff(user) ? { sessionId: user.sessionId, role: user.role } : null;
    } catch {
      return null;
    }
  }
  const cookie = (request.headers.cookie ?? '')
    .split(';')
    .map((part) => part.trim().split('='))
    .find(([name]) => name === QUEUE_DASHBOARD_COOKIE)?.[1];
  try {
    const claims = jwt.verify<{ purpose?: string; sid?: unknown; role?: string }>(cookie ?? '');
    if (claims.purpose !== QUEUE_DASHBOARD_PURPOSE || typeof claims.sid !== 'string') return null;
    return { sessionId: claims.sid, role: claims.role === MAY_OPERATE ? MAY_OPERATE : 'secretariat' };
  } catch {
    return null;
  }
}
