import { useIntl } from 'react-intl';

/** Dates and times in the user's time zone (IntlProvider's), in the interface language. */
export function useFormatters() {
  const intl = useIntl();
  return {
    dateTime: (iso: string) => intl.formatDate(iso, { dateStyle: 'medium', timeStyle: 'short' }),
    date: (iso: string) => intl.formatDate(iso, { dateStyle: 'medium' }),
    /** Relative when recent ("3 hours ago"), a date otherwise. */
    since: (iso: string) => {
      const minutes = Math.round((Date.parse(iso) - Date.now()) / 60_000);
      if (Math.abs(minutes) < 60) return intl.formatRelativeTime(minutes, 'minute', { numeric: 'auto' });
      if (Math.abs(minutes) < 24 * 60) return intl.formatRelativeTime(Math.round(minutes / 60), 'hour', { numeric: 'auto' });
      return intl.formatDate(iso, { dateStyle: 'medium' });
    },
    country: (code: string) => new Intl.DisplayNames([intl.locale], { type: 'region' }).of(code) ?? code,
  };
}

/** Names sort by the interface language's rules (Å after Z in Swedish, Ö with O in German...). */
export function useCollator(): Intl.Collator {
  const intl = useIntl();
  return new Intl.Collator(intl.locale);
}
