import { useEffect } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useSession } from '../api/session';
import type { LiveSocket } from './socket';

/**
 * Keeps the unread badges (`GET /api/me/unread`, through `useUnread`/`useUnreadCounts`) current:
 * the server sends `unread:changed` to the user's own room when a message lands in a thread
 * they follow or when they read one (in any tab), and this reads the counts again, at most
 * once per burst. Also after a reconnection, since hints sent meanwhile were lost.
 * Call it once in any component shown while signed in; it returns nothing.
 */
export function useUnreadLive(): void {
  const queryClient = useQueryClient();
  const signedIn = useSession().status === 'signed-in';
  useEffect(() => {
    let socket: LiveSocket | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let active = true;
    const refresh = () => {
      clearTimeout(timer);
      timer = setTimeout(() => void queryClient.invalidateQueries({ queryKey: ['get', '/api/me/unread'] }), 150);
    };
    // socket.io-client loads after the first render, off the entry's budget.
    void import('./socket').then(({ closeLiveSocket, liveSocket }) => {
      // Signing out ends the socket too: its room is the previous user's.
      if (!signedIn) return closeLiveSocket();
      if (!active) return;
      socket = liveSocket().on('unread:changed', refresh).on('connect', refresh);
    });
    return () => {
      active = false;
      clearTimeout(timer);
      socket?.off('unread:changed', refresh).off('connect', refresh);
    };
  }, [signedIn, queryClient]);
}
