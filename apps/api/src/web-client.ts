import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import fastifyStatic from '@fastify/static';
import { ConfigService } from '@nestjs/config';
import type { AgoraConfig } from '@agora/platform';

/** Where `npm run build:web` (Vite) writes the client. */
export const WEB_DIST = resolve(process.cwd(), 'dist/web');

/** Paths that belong to the server: an unknown path under them stays a 404 problem, never the client. */
const SERVER_PREFIXES = ['/api', '/health', '/socket.io', '/admin/queues'];

/**
 * Serves the built web client at `/`: the hashed files under /assets are immutable for a year
 * (a new build has new names), index.html is revalidated every time (it names the current
 * assets), and any other path outside the server's prefixes gets index.html so the client's
 * routes survive a reload or a link from a mail. Without a build the API runs without a client.
 */
export async function mountWebClient(app: NestFastifyApplication): Promise<void> {
  const indexFile = join(WEB_DIST, 'index.html');
  if (!existsSync(indexFile)) {
    new Logger('WebClient').warn(`No web client at ${WEB_DIST}: run npm run build:web to serve it`);
    return;
  }
  const fastify = app.getHttpAdapter().getInstance();
  const csp = webClientCsp(app.get<AgoraConfig>(ConfigService).get('PUBLIC_URL', { infer: true }));
  await fastify.register(fastifyStatic, {
    root: join(WEB_DIST, 'assets'),
    prefix: '/assets/',
    decorateReply: false,
    index: false,
    immutable: true,
    maxAge: '365d',
  });
  const index = readFileSync(indexFile);
  fastify.get('/*', (request, reply) => {
    const path = request.url.split('?')[0];
    if (SERVER_PREFIXES.some((prefix) => path === prefix || path.startsWith(`${prefix}/`))) return reply.callNotFound();
    return reply
      .header('content-type', 'text/html; charset=utf-8')
      .header('cache-control', 'no-cache')
      .header('content-security-policy', csp)
      .send(index);
  });
}

/**
 * The client's pages run no inline script and load nothing from elsewhere. Inline styles are
 * allowed: react-aria positions popovers with them and the digest preview (an HTML mail, in a
 * sandboxed srcdoc frame that inherits this policy) is styled inline, as mail must be.
 */
export function webClientCsp(publicUrl: string): string {
  const socketOrigin = new URL(publicUrl).origin.replace(/^http/, 'ws');
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    `connect-src 'self' ${socketOrigin}`,
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}
