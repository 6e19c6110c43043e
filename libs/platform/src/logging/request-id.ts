import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { FastifyInstance } from 'fastify';

const SANE_ID = /^[\w-]{1,64}$/;

/**
 * Fastify assigns each request its id (pino-http reuses it in every log line): the caller's
 * X-Request-Id when it looks like an id (so a proxy's trace carries through), else a UUID.
 */
export const requestIdOptions = {
  requestIdHeader: false as const,
  genReqId: (request: { headers: IncomingHttpHeaders }): string => {
    const given = request.headers['x-request-id'];
    return typeof given === 'string' && SANE_ID.test(given) ? given : randomUUID();
  },
};

/** Echoes the id in the response so a user can quote it in a bug report. */
export function echoRequestId(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    done();
  });
}
