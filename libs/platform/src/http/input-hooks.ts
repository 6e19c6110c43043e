import type { Socket } from 'node:net';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { problem, PROBLEM_CONTENT_TYPE } from '../errors/problem';
import { unsafeInput } from '../errors/unsafe-input';

/** Refuses unsafe input with a 400 problem before any guard, pipe or handler sees it. */
export function refuseUnsafeInput(fastify: FastifyInstance): void {
  fastify.addHook('preValidation', (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
    const error = unsafeInput(request.params, 'path') ?? unsafeInput(request.query, 'query') ?? unsafeInput(request.body, 'body');
    if (!error) return done();
    void reply
      .status(400)
      .header('content-type', PROBLEM_CONTENT_TYPE)
      .send(problem(400, 'A value in the request cannot be accepted', [error]));
  });
}

/**
 * Fastify answers some malformed requests itself, before any route or hook: a path that is not
 * valid percent-encoded UTF-8 (400), a path parameter over its length limit (414). These
 * options make those answers problem documents like every other error.
 */
export const problemFrameworkErrors = {
  frameworkErrors(error: Error & { statusCode?: number }, _request: FastifyRequest, reply: FastifyReply): void {
    const status = error.statusCode ?? 400;
    const detail = status === 414 ? 'A segment of the path is too long' : 'The URL is not validly encoded';
    void reply.status(status).header('content-type', PROBLEM_CONTENT_TYPE).send(problem(status, detail));
  },
  /** Node's HTTP parser refuses a request (headers too large, a malformed request line) before Fastify has one. */
  clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
    if (error.code === 'ECONNRESET' || socket.destroyed) return;
    const [status, detail] =
      error.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'The request line and headers are too large']
        : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? [408, 'The request took too long to arrive']
          : [400, 'The request is malformed'];
    const body = JSON.stringify(problem(status, detail));
    if (socket.writable) {
      socket.write(
        `HTTP/1.1 ${status} ${problem(status, detail).title}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\n` +
          `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
    }
    socket.destroy(error);
  },
};
