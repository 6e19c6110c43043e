import { useEffect } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useSession } from '../api/session';
import { closeLiveSocket, liveSocket } from './socket';

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
    // Signing out ends the socket too: its room is the previous user's.
    if (!signedIn) return closeLiveSocket();
    const socket = liveSocket();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const refresh = () => {
      clearTimeout(timer);
      timer = setTimeout(() => void queryClient.invalidateQueries({ queryKey: ['get', '/api/me/unread'] }), 150);
    };
    socket.on('unread:changed', refresh);
    socket.on('connect', refresh);
    return () => {
      clearTimeout(timer);
      socket.off('unread:changed', refresh);
      socket.off('connect', refresh);
    };
  }, [signedIn, queryClient]);
}
