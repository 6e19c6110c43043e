import { FormattedMessage, useIntl } from 'react-intl';
import { Link, useSearch } from '@tanstack/react-router';
import { $api } from '../api/client';
import { queryError } from '../api/problem';
import { useFormatters } from '../api/format';
import { Page } from '../components/Page';
import { Empty, ErrorState, Loading } from '../components/States';

export function SearchPage() {
  const intl = useIntl();
  const format = useFormatters();
  const { q } = useSearch({ from: '/authed/search' });
  const results = $api.useQuery('get', '/api/search', { params: { query: { q: q ?? '', limit: 20 } } }, { enabled: !!q });
  return (
    <Page title={intl.formatMessage({ id: 'search.title' }, { q: q ?? '' })}>
      {results.isFetching && <Loading />}
      {!!queryError(results) && <ErrorState error={queryError(results)} />}
      {results.data && !results.data.items.length && (
        <Empty>
          <FormattedMessage id="search.empty" />
        </Empty>
      )}
      <ul className="list">
        {results.data?.items.map((hit) => (
          <li key={`${hit.kind}:${hit.id}`} lang={hit.language ?? undefined}>
            {hit.threadId ? (
              <Link to="/threads/$id" params={{ id: hit.threadId }}>
                {hit.title}
              </Link>
            ) : (
              <strong>{hit.title}</strong>
            )}
            {/* The server HTML-escapes the snippet and adds only <mark> around the hits. */}
            <p dangerouslySetInnerHTML={{ __html: hit.snippet }} />
            <p className="muted">
              {hit.forum.name} · <time dateTime={hit.createdAt}>{format.date(hit.createdAt)}</time>
            </p>
          </li>
        ))}
      </ul>
    </Page>
  );
}
