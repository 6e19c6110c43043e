import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import helmet, { HelmetOptions } from 'helmet';

/** Strict defaults; inline script and style only for the Swagger UI page at /api/docs. */
export const SECURITY_HEADERS: Readonly<HelmetOptions> = {
  contentSecurityPolicy: {
    directives: {
      defaultSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
      scriptSrc: ["'self'", "'unsafe-inline'"],
    },
  },
};

/**
 * The headers helmet sets for these options, found by running its middleware once against a
 * response that only records them (helmet reads nothing from the request and only sets or
 * removes headers). With static options they are the same on every response.
 */
export function securityHeaders(options: HelmetOptions = SECURITY_HEADERS): Record<string, string> {
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader(name: string, value: number | string | readonly string[]) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  // Helmet's middlewares are synchronous and report a bad option through next(error).
  helmet(options)({} as IncomingMessage, recorder as unknown as ServerResponse, (error?: unknown) => {
    if (error instanceof Error) throw error;
  });
  return headers;
}

/**
 * Helmet's headers on every response, copied from the set computed once at start-up: the headers
 * never change between requests, while running helmet's middlewares on each one (or the
 * @fastify/helmet plugin, which builds helmet anew every time) was a visible share of a cheap
 * route's cost in `npm run bench:api` (docs/benchmarks.md).
 */
export function registerSecurityHeaders(fastify: FastifyInstance, options: HelmetOptions = SECURITY_HEADERS): void {
  const headers = securityHeaders(options);
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.headers(headers);
    done();
  });
}
