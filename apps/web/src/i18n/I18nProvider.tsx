import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { IntlProvider } from 'react-intl';
import { I18nProvider as AriaI18nProvider } from 'react-aria-components';
import type { Language } from '@agora/contract';
import { useSession } from '../api/session';
import { initialLanguage, rememberLanguage } from './language';
import { MESSAGES } from './messages';

interface LocaleSettings {
  language: Language;
  timeZone: string;
  setLanguage: (language: Language) => void;
}

const LocaleContext = createContext<LocaleSettings | null>(null);

export function useLocaleSettings(): LocaleSettings {
  const settings = useContext(LocaleContext);
  if (!settings) throw new Error('useLocaleSettings outside I18nProvider');
  return settings;
}

function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/**
 * The interface follows the browser's language until the user picks one; `<html lang>` follows
 * it, so screen readers speak with the right voice. Dates are shown in the user's time zone
 * (their profile's, else the browser's).
 */
export function I18nProvider({ children }: { children: ReactNode }) {
  const [language, setLanguageState] = useState<Language>(initialLanguage);
  const session = useSession();
  const timeZone = (session.status === 'signed-in' && session.user.timezone) || browserTimeZone();

  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);

  const setLanguage = useCallback((next: Language) => {
    rememberLanguage(next);
    setLanguageState(next);
  }, []);

  const settings = useMemo(() => ({ language, timeZone, setLanguage }), [language, timeZone, setLanguage]);
  return (
    <LocaleContext.Provider value={settings}>
      <IntlProvider locale={language} messages={MESSAGES[language]} timeZone={timeZone} defaultLocale="en">
        <AriaI18nProvider locale={language}>{children}</AriaI18nProvider>
      </IntlProvider>
    </LocaleContext.Provider>
  );
}
