import { FormattedMessage, useIntl } from 'react-intl';
import { Link } from '@tanstack/react-router';
import { useForums, useUnreadCounts } from '../api/queries';
import { queryError } from '../api/problem';
import { Page } from '../components/Page';
import { ErrorState, Loading } from '../components/States';
import { UnreadBadge } from '../components/UnreadBadge';

export function ForumsPage() {
  const intl = useIntl();
  const forums = useForums();
  const unread = useUnreadCounts();
  return (
    <Page title={intl.formatMessage({ id: 'forums.title' })}>
      {forums.isPending && <Loading />}
      {!!queryError(forums) && <ErrorState error={queryError(forums)} onRetry={() => void forums.refetch()} />}
      <ul className="list">
        {forums.data?.items.map((forum) => (
          <li key={forum.slug}>
            <div className="row">
              <Link to="/forums/$slug" params={{ slug: forum.slug }}>
                <strong>{forum.name}</strong>
              </Link>
              <UnreadBadge count={unread.forum(forum.slug)} />
              {forum.following && (
                <span className="muted">
                  <FormattedMessage id="forums.following" />
                </span>
              )}
            </div>
            <p className="muted">{forum.description}</p>
          </li>
        ))}
      </ul>
    </Page>
  );
}
