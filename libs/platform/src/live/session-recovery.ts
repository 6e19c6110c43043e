import type { Namespace } from 'socket.io';

/** What socket.io's adapter restores: the socket's id, rooms and data, and the packets it missed. */
export type RecoveredSession = NonNullable<Awaited<ReturnType<Namespace['adapter']['restoreSession']>>>;

/**
 * Lets a namespace refuse to restore a session. socket.io joins the restored rooms and sends the
 * missed packets before any middleware runs, so a check made later (in a middleware or on
 * connection) comes too late for the missed packets. A refused session is not restored at all:
 * the client gets a new socket (`recovered` false) and catches up as after a long absence. A check
 * that fails (the database is down, say) refuses too.
 */
export function vetRecoveredSessions(namespace: Namespace, mayRestore: (session: RecoveredSession) => Promise<boolean>): void {
  const adapter = namespace.adapter;
  const restore = adapter.restoreSession.bind(adapter);
  adapter.restoreSession = async (pid, offset) => {
    const session = await restore(pid, offset);
    if (session && !(await mayRestore(session).catch(() => false))) throw new Error('session not restored: access has changed');
    return session;
  };
}
