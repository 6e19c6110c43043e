import { FormattedMessage, useIntl } from 'react-intl';
import { Link } from '@tanstack/react-router';
import { $api } from '../api/client';
import { queryError } from '../api/problem';
import { useCollator } from '../api/format';
import { Page } from '../components/Page';
import { ErrorState, Loading } from '../components/States';

export function ExecutiveCommitteePage() {
  const intl = useIntl();
  const collator = useCollator();
  const committee = $api.useQuery('get', '/api/governance/executive-committee');
  return (
    <Page title={intl.formatMessage({ id: 'ec.title' })}>
      {committee.isPending && <Loading />}
      {!!queryError(committee) && <ErrorState error={queryError(committee)} onRetry={() => void committee.refetch()} />}
      {committee.data && (
        <>
          <h2>
            <FormattedMessage id="ec.chair" />
          </h2>
          <p>
            {committee.data.chair ? (
              <Link to="/cities/$slug" params={{ slug: committee.data.chair.slug }}>
                {committee.data.chair.name}
              </Link>
            ) : (
              <FormattedMessage id="ec.noChair" />
            )}
          </p>
          <h2>
            <FormattedMessage id="ec.members" values={{ count: committee.data.members.length }} />
          </h2>
          <ul className="list">
            {[...committee.data.members]
              .sort((a, b) => collator.compare(a.name, b.name))
              .map((city) => (
                <li key={city.slug}>
                  <Link to="/cities/$slug" params={{ slug: city.slug }}>
                    {city.name}
                  </Link>
                </li>
              ))}
          </ul>
        </>
      )}
    </Page>
  );
}
