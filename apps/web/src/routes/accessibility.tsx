import { FormattedMessage, useIntl } from 'react-intl';
import { Page } from '../components/Page';

const FEEDBACK = 'accessibility@agora.example';

/** The accessibility statement Directive (EU) 2016/2102 asks of public-sector sites, with its feedback contact. */
export function AccessibilityPage() {
  const intl = useIntl();
  return (
    <Page title={intl.formatMessage({ id: 'a11y.title' })}>
      <p>
        <FormattedMessage id="a11y.commitment" />
      </p>
      <h2>
        <FormattedMessage id="a11y.status.title" />
      </h2>
      <p>
        <FormattedMessage id="a11y.status.body" />
      </p>
      <h2>
        <FormattedMessage id="a11y.feedback.title" />
      </h2>
      <p>
        <FormattedMessage id="a11y.feedback.body" values={{ email: <a href={`mailto:${FEEDBACK}`}>{FEEDBACK}</a> }} />
      </p>
      <h2>
        <FormattedMessage id="a11y.enforcement.title" />
      </h2>
      <p>
        <FormattedMessage id="a11y.enforcement.body" />
      </p>
    </Page>
  );
}
