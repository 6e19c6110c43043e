import { QUEUE_DASHBOARD_COOKIE, QUEUE_DASHBOARD_PATH } from '../queues/queues';

/** How long the queue dashboard's cookie lives (it also ends with the sign-in session). */
export const QUEUE_DASHBOARD_TTL_SECONDS = 3600;

/**
 * The Set-Cookie value of the queue dashboard's session cookie, or (token null) the one that
 * deletes it. Scoped to the dashboard's path, unreadable by scripts, never sent cross-site, and
 * Secure when the public URL is https, so it never travels over plain HTTP.
 */
export function queueDashboardCookie(token: string | null, publicUrl: string): string {
  const secure = publicUrl.startsWith('https:') ? '; Secure' : '';
  const maxAge = token === null ? 0 : QUEUE_DASHBOARD_TTL_SECONDS;
  return `${QUEUE_DASHBOARD_COOKIE}=${token ?? ''}; Path=${QUEUE_DASHBOARD_PATH}; Max-Age=${maxAge}; HttpOnly; SameSite=Strict${secure}`;
}
