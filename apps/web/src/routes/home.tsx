import { FormattedMessage, useIntl } from 'react-intl';
import { Link } from '@tanstack/react-router';
import { useQueries } from '@tanstack/react-query';
import { $api } from '../api/client';
import { queryError } from '../api/problem';
import { useAllWorkingGroups, useForums, useUnreadCounts } from '../api/queries';
import { useSession } from '../api/session';
import { Page } from '../components/Page';
import { Empty, ErrorState, Loading } from '../components/States';
import { ThreadList } from '../components/ThreadList';
import { UnreadBadge } from '../components/UnreadBadge';

/** The newest threads of the forums the user follows, most recent activity first. */
function useRecentThreads(slugs: string[]) {
  const results = useQueries({
    queries: slugs.map((slug) =>
      $api.queryOptions('get', '/api/forums/{slug}/threads', { params: { path: { slug }, query: { limit: 10 } } }),
    ),
  });
  return results
    .flatMap((result) => result.data?.items ?? [])
    .sort((a, b) => b.lastActivityAt.localeCompare(a.lastActivityAt))
    .slice(0, 15);
}

export function HomePage() {
  const intl = useIntl();
  const session = useSession();
  const forums = useForums();
  const unread = useUnreadCounts();
  const { groups } = useAllWorkingGroups();
  const followed = forums.data?.items.filter((forum) => forum.following) ?? [];
  const mine = groups.filter((group) => group.membership?.status === 'active');
  const recent = useRecentThreads(followed.map((forum) => forum.slug));
  const name = session.status === 'signed-in' ? session.user.name : '';

  return (
    <Page title={intl.formatMessage({ id: 'home.title' }, { name })}>
      {forums.isPending && <Loading />}
      {!!queryError(forums) && <ErrorState error={queryError(forums)} onRetry={() => void forums.refetch()} />}
      <section aria-labelledby="new-for-you">
        <h2 id="new-for-you">
          <FormattedMessage id="home.newForYou" />
        </h2>
        {forums.data && !followed.length && !mine.length && (
          <Empty>
            <FormattedMessage
              id="home.empty"
              values={{
                forums: (
                  <Link to="/forums">
                    <FormattedMessage id="nav.forums" />
                  </Link>
                ),
              }}
            />
          </Empty>
        )}
        <ul className="list">
          {followed.map((forum) => (
            <li key={forum.slug} className="row">
              <Link to="/forums/$slug" params={{ slug: forum.slug }}>
                {forum.name}
              </Link>
              <UnreadBadge count={unread.forum(forum.slug)} />
            </li>
          ))}
          {mine.map((group) => (
            <li key={group.id} className="row">
              <Link to="/working-groups/$id" params={{ id: group.id }}>
                {group.name}
              </Link>
              <span className="muted">{group.forum.name}</span>
            </li>
          ))}
        </ul>
      </section>
      {followed.length > 0 && (
        <section aria-labelledby="recent-activity">
          <h2 id="recent-activity">
            <FormattedMessage id="home.recent" />
          </h2>
          <ThreadList threads={recent} />
        </section>
      )}
    </Page>
  );
}
