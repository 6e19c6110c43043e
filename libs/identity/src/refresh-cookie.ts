import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * The web client's copy of the refresh token: httpOnly (no script reads it), SameSite=Strict
 * (never sent from another site) and scoped to /api/auth, the only routes that take it.
 * Other clients keep sending the token in the body.
 */
export const REFRESH_COOKIE = 'agora_refresh';
const COOKIE_PATH = '/api/auth';

export interface CookieOptions {
  secure: boolean;
  maxAgeSeconds: number;
}

export function setRefreshCookie(reply: FastifyReply, token: string, options: CookieOptions): void {
  void reply.header('set-cookie', serialize(token, options.maxAgeSeconds, options.secure));
}

export function clearRefreshCookie(reply: FastifyReply, options: CookieOptions): void {
  void reply.header('set-cookie', serialize('', 0, options.secure));
}

export function readRefreshCookie(request: FastifyRequest): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === REFRESH_COOKIE) return decodeURIComponent(value.join('=')) || undefined;
  }
  return undefined;
}

function serialize(value: string, maxAgeSeconds: number, secure: boolean): string {
  const attributes = [
    `${REFRESH_COOKIE}=${encodeURIComponent(value)}`,
    `Path=${COOKIE_PATH}`,
    `Max-Age=${maxAgeSeconds}`,
    'HttpOnly',
    'SameSite=Strict',
  ];
  if (secure) attributes.push('Secure');
  return attributes.join('; ');
}
