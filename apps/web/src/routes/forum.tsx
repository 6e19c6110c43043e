import { FormattedMessage, useIntl } from 'react-intl';
import { Link, useParams } from '@tanstack/react-router';
import { useQueryClient } from '@tanstack/react-query';
import { $api } from '../api/client';
import { isNotFound, queryError } from '../api/problem';
import { Page } from '../components/Page';
import { ErrorState, Empty, Loading } from '../components/States';
import { StartThreadDialog } from '../components/StartThreadDialog';
import { ThreadList } from '../components/ThreadList';
import { NotFoundPage } from './not-found';

function FollowButton({ slug, following }: { slug: string; following: boolean }) {
  const queryClient = useQueryClient();
  const follow = $api.useMutation('put', '/api/forums/{slug}/follow');
  const unfollow = $api.useMutation('delete', '/api/forums/{slug}/follow');
  const busy = follow.isPending || unfollow.isPending;
  const toggle = async () => {
    const params = { params: { path: { slug } } };
    await (following ? unfollow.mutateAsync(params) : follow.mutateAsync(params));
    await queryClient.invalidateQueries();
  };
  return (
    <button type="button" className="button secondary" aria-pressed={following} disabled={busy} onClick={() => void toggle()}>
      <FormattedMessage id="forum.follow" />
    </button>
  );
}

export function ForumPage() {
  const intl = useIntl();
  const { slug } = useParams({ from: '/authed/forums/$slug' });
  const path = { params: { path: { slug } } };
  const forum = $api.useQuery('get', '/api/forums/{slug}', path);
  const threads = $api.useQuery('get', '/api/forums/{slug}/threads', { params: { path: { slug }, query: { limit: 50 } } });
  const groups = $api.useQuery('get', '/api/forums/{slug}/working-groups', { params: { path: { slug }, query: { limit: 100 } } });

  if (isNotFound(queryError(forum))) return <NotFoundPage />;
  if (queryError(forum)) return <ErrorState error={queryError(forum)} onRetry={() => void forum.refetch()} />;
  if (!forum.data) return <Loading />;
  return (
    <Page title={forum.data.name} actions={<FollowButton slug={slug} following={forum.data.following} />}>
      <p>{forum.data.description}</p>
      <section aria-labelledby="threads-heading">
        <div className="page-header">
          <h2 id="threads-heading">
            <FormattedMessage id="forum.threads" />
          </h2>
          <StartThreadDialog forum={slug} />
        </div>
        {threads.data ? <ThreadList threads={threads.data.items} /> : <Loading />}
      </section>
      <section aria-labelledby="groups-heading">
        <h2 id="groups-heading">
          <FormattedMessage id="forum.groups" />
        </h2>
        {groups.data && !groups.data.items.length && (
          <Empty>
            <FormattedMessage id="forum.groups.empty" />
          </Empty>
        )}
        <ul className="list">
          {groups.data?.items.map((group) => (
            <li key={group.id}>
              <Link to="/working-groups/$id" params={{ id: group.id }}>
                {group.name}
              </Link>{' '}
              <span className="muted">
                {intl.formatMessage({ id: 'group.members' }, { count: group.memberCount })}
                {group.visibility === 'private' && ` · ${intl.formatMessage({ id: 'group.private' })}`}
              </span>
            </li>
          ))}
        </ul>
      </section>
    </Page>
  );
}
