import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { Person } from '@agora/contract';
import { liveSocket } from './socket';
import { ThreadSession, type ThreadSnapshot } from './thread-session';

const idle = () => () => undefined;

/**
 * The live state of one thread while the page shows it: a session on the tab's one socket,
 * opened once the thread's newest seq is known (`newestSeq`), closed when the page goes.
 */
export function useThread(threadId: string, newestSeq: number | undefined, self: Person | null) {
  const [session, setSession] = useState<ThreadSession | null>(null);
  const newest = useRef(newestSeq);
  newest.current = newestSeq;
  const ready = newestSeq !== undefined && self !== null;
  const selfId = self?.id;
  useEffect(() => {
    if (!ready || !self) return;
    const opened = new ThreadSession(liveSocket(), threadId, self, newest.current ?? 0);
    opened.open();
    setSession(opened);
    return () => {
      opened.close();
      setSession(null);
    };
    // `self` is identified by its id: a profile re-render must not reopen the thread.
  }, [threadId, ready, selfId]);
  const snapshot = useSyncExternalStore<ThreadSnapshot | null>(session?.subscribe ?? idle, () => session?.getSnapshot() ?? null);
  return { session, snapshot };
}

/** The value, changed at most once per `intervalMs` (the last change always lands): for status text a screen reader reads out. */
export function useThrottled<T>(value: T, intervalMs: number): T {
  const [shown, setShown] = useState(value);
  const last = useRef(0);
  useEffect(() => {
    const wait = Math.max(0, last.current + intervalMs - Date.now());
    const timer = setTimeout(() => {
      last.current = Date.now();
      setShown(value);
    }, wait);
    return () => clearTimeout(timer);
  }, [value, intervalMs]);
  return shown;
}
