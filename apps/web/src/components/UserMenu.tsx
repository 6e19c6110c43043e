import { useIntl } from 'react-intl';
import { Button, Header, Menu, MenuItem, MenuSection, MenuTrigger, Popover, Separator, type Selection } from 'react-aria-components';
import { useNavigate } from '@tanstack/react-router';
import { LANGUAGES } from '@agora/contract';
import type { User } from '../api/session';
import { signOut } from '../api/auth';
import { useLocaleSettings } from '../i18n/I18nProvider';
import { isLanguage } from '../i18n/language';
import { LANGUAGE_NAMES } from '../i18n/messages';

/** The user's menu: settings, the interface language, sign out. */
export function UserMenu({ user }: { user: User }) {
  const intl = useIntl();
  const navigate = useNavigate();
  const { language, setLanguage } = useLocaleSettings();
  const chooseLanguage = (selection: Selection) => {
    const [chosen] = selection === 'all' ? [] : [...selection];
    if (isLanguage(chosen)) setLanguage(chosen);
  };
  return (
    <MenuTrigger>
      <Button className="button secondary user-button" aria-label={intl.formatMessage({ id: 'menu.user' }, { name: user.name })}>
        {user.name} <span aria-hidden="true">▾</span>
      </Button>
      <Popover className="popover" placement="bottom end">
        <Menu className="menu" aria-label={intl.formatMessage({ id: 'menu.user' }, { name: user.name })}>
          <MenuItem className="menu-item" id="settings" onAction={() => void navigate({ to: '/settings' })}>
            {intl.formatMessage({ id: 'menu.settings' })}
          </MenuItem>
          <Separator className="menu-separator" />
          <MenuSection selectionMode="single" selectedKeys={[language]} onSelectionChange={chooseLanguage}>
            <Header className="menu-header">{intl.formatMessage({ id: 'menu.language' })}</Header>
            {LANGUAGES.map((code) => (
              <MenuItem key={code} id={code} className="menu-item" lang={code}>
                {LANGUAGE_NAMES[code]}
              </MenuItem>
            ))}
          </MenuSection>
          <Separator className="menu-separator" />
          <MenuItem className="menu-item" id="sign-out" onAction={() => void signOut().then(() => navigate({ to: '/sign-in' }))}>
            {intl.formatMessage({ id: 'menu.signOut' })}
          </MenuItem>
        </Menu>
      </Popover>
    </MenuTrigger>
  );
}
