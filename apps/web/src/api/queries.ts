import { useQueries } from '@tanstack/react-query';
import { FORUM_SLUGS } from '@agora/contract';
import { $api } from './client';
import type { components } from './schema';

export type Forum = components['schemas']['ForumView'];
export type WorkingGroup = components['schemas']['WorkingGroupView'];
export type Thread = components['schemas']['ThreadView'];

export const useForums = () => $api.useQuery('get', '/api/forums');
export const useUnread = () => $api.useQuery('get', '/api/me/unread', {}, { refetchInterval: 60_000 });

/** Unread messages per thread and per forum, as lookups (0 when absent). */
export function useUnreadCounts() {
  const { data } = useUnread();
  const threads = new Map((data?.threads ?? []).map((entry) => [entry.threadId, entry.unread]));
  const forums = new Map((data?.forums ?? []).map((entry) => [entry.forum, entry.unread]));
  return { thread: (id: string) => threads.get(id) ?? 0, forum: (slug: string) => forums.get(slug) ?? 0 };
}

/** The working groups of every forum (the API lists them per forum; there are six). */
export function useAllWorkingGroups() {
  const results = useQueries({
    queries: FORUM_SLUGS.map((slug) =>
      $api.queryOptions('get', '/api/forums/{slug}/working-groups', { params: { path: { slug }, query: { limit: 100 } } }),
    ),
  });
  return {
    groups: results.flatMap((result) => result.data?.items ?? []),
    isPending: results.some((result) => result.isPending),
    error: results.find((result) => result.error)?.error,
  };
}
