import { useIntl } from 'react-intl';
import { Page } from '../components/Page';

export function SettingsPage() {
  const intl = useIntl();
  return <Page title={intl.formatMessage({ id: 'menu.settings' })} />;
}
