import { FormattedMessage, useIntl } from 'react-intl';
import { Link } from '@tanstack/react-router';
import { Page } from '../components/Page';

/** Also what a private working group looks like to a non-member: nothing to see, no error dump. */
export function NotFoundPage() {
  const intl = useIntl();
  return (
    <Page title={intl.formatMessage({ id: 'notFound.title' })}>
      <p>
        <FormattedMessage id="notFound.body" />
      </p>
      <p>
        <Link to="/">
          <FormattedMessage id="notFound.home" />
        </Link>
      </p>
    </Page>
  );
}
