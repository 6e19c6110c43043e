import { FormattedMessage, useIntl } from 'react-intl';
import { Link, useParams } from '@tanstack/react-router';
import type { MandateRole } from '@agora/contract';
import { $api } from '../api/client';
import { isNotFound, queryError } from '../api/problem';
import { useFormatters } from '../api/format';
import { useForums } from '../api/queries';
import type { components } from '../api/schema';
import { Page } from '../components/Page';
import { ErrorState, Loading } from '../components/States';
import { NotFoundPage } from './not-found';

type Mandate = components['schemas']['MandateView'];

const ROLE_MESSAGES: Record<MandateRole, string> = {
  president: 'mandate.president',
  'executive-committee-member': 'mandate.executive-committee-member',
  'executive-committee-chair': 'mandate.executive-committee-chair',
  'forum-chair': 'mandate.forum-chair',
  'forum-vice-chair': 'mandate.forum-vice-chair',
  'working-group-lead': 'mandate.working-group-lead',
};

/** "1993–1999", "1995", "since 2020". */
function Period({ mandate }: { mandate: Mandate }) {
  if (mandate.to === null) return <FormattedMessage id="mandate.since" values={{ from: String(mandate.from) }} />;
  if (mandate.to === mandate.from) return <>{mandate.from}</>;
  return <FormattedMessage id="mandate.period" values={{ from: String(mandate.from), to: String(mandate.to) }} />;
}

export function CityPage() {
  const intl = useIntl();
  const format = useFormatters();
  const { slug } = useParams({ from: '/authed/cities/$slug' });
  const city = $api.useQuery('get', '/api/cities/{slug}', { params: { path: { slug } } });
  const forums = useForums();
  const forumName = (forumSlug?: string) => forums.data?.items.find((forum) => forum.slug === forumSlug)?.name ?? forumSlug ?? '';

  if (isNotFound(queryError(city))) return <NotFoundPage />;
  if (queryError(city)) return <ErrorState error={queryError(city)} onRetry={() => void city.refetch()} />;
  if (!city.data) return <Loading />;
  const { name, country, memberSince, twinnings, mandates } = city.data;
  const history = [...mandates].sort((a, b) => b.from - a.from || (b.to ?? 9999) - (a.to ?? 9999));

  return (
    <Page title={name}>
      <dl className="facts">
        <dt>
          <FormattedMessage id="city.country" />
        </dt>
        <dd>{format.country(country)}</dd>
        <dt>
          <FormattedMessage id="city.membership" />
        </dt>
        <dd>
          {memberSince ? (
            <FormattedMessage id="city.memberSince" values={{ year: String(memberSince) }} />
          ) : (
            <FormattedMessage id="city.notMember" />
          )}
        </dd>
      </dl>
      <h2>
        <FormattedMessage id="city.twinnings" />
      </h2>
      {twinnings.length ? (
        <ul className="list">
          {twinnings.map((twinning) => (
            <li key={twinning.city.slug}>
              <FormattedMessage
                id="city.twinnedWith"
                values={{
                  city: (
                    <Link to="/cities/$slug" params={{ slug: twinning.city.slug }}>
                      {twinning.city.name}
                    </Link>
                  ),
                  since: String(twinning.since),
                }}
              />
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">
          <FormattedMessage id="city.twinnings.none" />
        </p>
      )}
      <h2>
        <FormattedMessage id="city.history" />
      </h2>
      {history.length ? (
        <ol className="list history">
          {history.map((mandate) => (
            <li key={mandate.id}>
              <strong>
                <Period mandate={mandate} />
              </strong>
              {': '}
              {intl.formatMessage(
                { id: ROLE_MESSAGES[mandate.role] },
                { forum: forumName(mandate.scope.slug), group: mandate.scope.slug ?? '' },
              )}
            </li>
          ))}
        </ol>
      ) : (
        <p className="muted">
          <FormattedMessage id="city.history.none" />
        </p>
      )}
    </Page>
  );
}
