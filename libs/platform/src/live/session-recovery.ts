import type { Namespace } from 'socket.io';

/** What socket.io's adapter restores: the socket's id, rooms and data, and the packets it missed. */
export type RecoveredSession = NonNullable<Awaited<ReturnType<Namespace['adapter']['restoreSession']>>>;

/**
 * How long a handshake waits for its session to be read back. The adapter's Redis client queues
 * commands while Redis is down, and the handshake would wait with them for the whole outage.
 */
const RESTORE_TIMEOUT_MS = 2_000;

/**
 * Lets a namespace refuse to restore a session. socket.io joins the restored rooms and sends the
 * missed packets before any middleware runs, so a check made later (in a middleware or on
 * connection) comes too late for the missed packets. A refused session is not restored at all:
 * the client gets a new socket (`recovered` false) and catches up as after a long absence. A check
 * that fails (the database is down, say) refuses too, and so does a session that cannot be read
 * in time.
 */
export function vetRecoveredSessions(namespace: Namespace, mayRestore: (session: RecoveredSession) => Promise<boolean>): void {
  const adapter = namespace.adapter;
  const restore = adapter.restoreSession.bind(adapter);
  adapter.restoreSession = async (pid, offset) => {
    const session = await within(restore(pid, offset), RESTORE_TIMEOUT_MS);
    if (session && !(await mayRestore(session).catch(() => false))) throw new Error('session not restored: access has changed');
    return session;
  };
}

/** The promise's outcome, or a rejection once `ms` have passed (the promise itself runs on). */
function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}
