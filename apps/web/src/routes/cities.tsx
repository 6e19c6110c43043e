import { FormattedMessage, useIntl } from 'react-intl';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { $api } from '../api/client';
import { useCollator, useFormatters } from '../api/format';
import { Page } from '../components/Page';
import { Empty, ErrorState, Loading } from '../components/States';

/** All member cities once (they fit in a few pages of 100); the countries of the filter come from them. */
function useAllCities() {
  return $api.useQuery('get', '/api/cities', { params: { query: { limit: 100 } } });
}

export function CitiesPage() {
  const intl = useIntl();
  const format = useFormatters();
  const collator = useCollator();
  const navigate = useNavigate();
  const { country } = useSearch({ from: '/authed/cities' });
  const all = useAllCities();
  const filtered = $api.useQuery('get', '/api/cities', { params: { query: { limit: 100, country } } }, { enabled: !!country });
  const cities = (country ? filtered.data : all.data)?.items ?? [];
  const countries = [...new Set((all.data?.items ?? []).map((city) => city.country))]
    .map((code) => ({ code, name: format.country(code) }))
    .sort((a, b) => collator.compare(a.name, b.name));
  const error = all.error ?? filtered.error;

  return (
    <Page title={intl.formatMessage({ id: 'cities.title' })}>
      <div className="field inline">
        <label htmlFor="country-filter">
          <FormattedMessage id="cities.country" />
        </label>
        <select
          id="country-filter"
          value={country ?? ''}
          onChange={(event) => void navigate({ to: '/cities', search: event.target.value ? { country: event.target.value } : {} })}
        >
          <option value="">{intl.formatMessage({ id: 'cities.country.all' })}</option>
          {countries.map(({ code, name }) => (
            <option key={code} value={code}>
              {name}
            </option>
          ))}
        </select>
      </div>
      {error && <ErrorState error={error} />}
      {(country ? filtered.isPending : all.isPending) && <Loading />}
      <p className="muted" role="status">
        <FormattedMessage id="cities.count" values={{ count: cities.length }} />
      </p>
      {!cities.length && !error && (
        <Empty>
          <FormattedMessage id="cities.empty" />
        </Empty>
      )}
      <ul className="list columns">
        {[...cities]
          .sort((a, b) => collator.compare(a.name, b.name))
          .map((city) => (
            <li key={city.slug}>
              <Link to="/cities/$slug" params={{ slug: city.slug }}>
                {city.name}
              </Link>{' '}
              <span className="muted">{format.country(city.country)}</span>
            </li>
          ))}
      </ul>
    </Page>
  );
}
