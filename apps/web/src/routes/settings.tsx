import { useState, type FormEvent } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { useQueryClient } from '@tanstack/react-query';
import { DIGEST_LEVELS, LANGUAGES, type DigestFrequency, type DigestLevel, type Language } from '@agora/contract';
import { $api, api } from '../api/client';
import { queryError } from '../api/problem';
import { useAllWorkingGroups, useForums } from '../api/queries';
import type { components } from '../api/schema';
import { userChanged, useSession, type User } from '../api/session';
import { Field, textOf } from '../components/Field';
import { Page } from '../components/Page';
import { SaveStatus } from '../components/SaveStatus';
import { ErrorState, Loading } from '../components/States';
import { useLocaleSettings } from '../i18n/I18nProvider';
import { isLanguage } from '../i18n/language';
import { LANGUAGE_NAMES } from '../i18n/messages';

type Preferences = components['schemas']['DigestPreferencesView'];

const FREQUENCY_MESSAGES: Record<DigestFrequency, string> = {
  daily: 'digest.frequency.daily',
  weekly: 'digest.frequency.weekly',
  off: 'digest.frequency.off',
};
const LEVEL_MESSAGES: Record<DigestLevel, string> = {
  'every-update': 'digest.level.every-update',
  daily: 'digest.level.daily',
  weekly: 'digest.level.weekly',
  muted: 'digest.level.muted',
};

type Save = ReturnType<typeof useSave>;

/** Each section saves by itself and says so: "Saved", or the problem. */
function useSave() {
  const [state, setState] = useState<{ saved: boolean; error: unknown }>({ saved: false, error: null });
  const run = async (work: () => Promise<{ error?: unknown }>) => {
    setState({ saved: false, error: null });
    const { error } = await work();
    setState({ saved: !error, error: error ?? null });
  };
  return {
    ...state,
    run,
    /** A form's onSubmit that saves what `work` makes of the form's data. */
    onSubmit: (work: (form: FormData) => Promise<{ error?: unknown }>) => (event: FormEvent<HTMLFormElement>) => {
      event.preventDefault();
      const form = new FormData(event.currentTarget);
      void run(() => work(form));
    },
  };
}

/** The user's own profile fields; the session learns the new values (the menu shows the name). */
async function updateMe(body: { name?: string; languages?: Language[]; timezone?: string }) {
  const result = await api.PATCH('/api/me', { body });
  if (result.data) userChanged(result.data);
  return result;
}

/** A form's Save button and what came of the last save. */
function SaveFooter({ save }: { save: Save }) {
  return (
    <>
      <div>
        <button type="submit" className="button">
          <FormattedMessage id="settings.save" />
        </button>
      </div>
      <SaveStatus saved={save.saved} error={save.error} />
    </>
  );
}

function ProfileSection({ user }: { user: User }) {
  const intl = useIntl();
  const save = useSave();
  const submit = save.onSubmit((form) => updateMe({ name: textOf(form, 'name') }));
  return (
    <section aria-labelledby="profile-heading">
      <h2 id="profile-heading">
        <FormattedMessage id="settings.profile" />
      </h2>
      <form className="form" onSubmit={submit}>
        <Field label={intl.formatMessage({ id: 'settings.name' })} name="name" defaultValue={user.name} autoComplete="name" required />
        <p>
          <FormattedMessage id="settings.email" values={{ email: user.email }} />
          {user.city && (
            <>
              {' · '}
              <FormattedMessage id="settings.city" values={{ city: user.city.name }} />
            </>
          )}
        </p>
        <SaveFooter save={save} />
      </form>
    </section>
  );
}

/** The interface language (also the first of the profile's languages) and the time zone dates are shown in. */
function LanguageSection({ user }: { user: User }) {
  const intl = useIntl();
  const { language, setLanguage } = useLocaleSettings();
  const save = useSave();
  const zones = Intl.supportedValuesOf('timeZone');
  const update = (body: { languages?: Language[]; timezone?: string }) => void save.run(() => updateMe(body));
  const chooseLanguage = (chosen: string) => {
    if (!isLanguage(chosen)) return;
    setLanguage(chosen);
    update({ languages: [chosen, ...user.languages.filter((other): other is Language => isLanguage(other) && other !== chosen)] });
  };
  return (
    <section aria-labelledby="language-heading">
      <h2 id="language-heading">
        <FormattedMessage id="settings.languageAndZone" />
      </h2>
      <div className="form">
        <div className="field">
          <label htmlFor="interface-language">
            <FormattedMessage id="settings.language" />
          </label>
          <select id="interface-language" value={language} onChange={(event) => chooseLanguage(event.target.value)}>
            {LANGUAGES.map((code) => (
              <option key={code} value={code} lang={code}>
                {LANGUAGE_NAMES[code]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="time-zone">
            <FormattedMessage id="settings.timezone" />
          </label>
          <select id="time-zone" value={user.timezone} onChange={(event) => update({ timezone: event.target.value })}>
            {zones.map((zone) => (
              <option key={zone} value={zone}>
                {zone.replace(/_/g, ' ')}
              </option>
            ))}
          </select>
        </div>
        <SaveStatus saved={save.saved} error={save.error} />
      </div>
      <p className="muted">{intl.formatMessage({ id: 'settings.timezone.hint' })}</p>
    </section>
  );
}

function DigestSection({ preferences }: { preferences: Preferences }) {
  const intl = useIntl();
  const queryClient = useQueryClient();
  const [frequency, setFrequency] = useState<DigestFrequency>(preferences.frequency);
  const save = useSave();
  const weekdays = [1, 2, 3, 4, 5, 6, 7].map((day) => ({
    day,
    // 2024-01-01 was a Monday.
    name: intl.formatDate(Date.UTC(2024, 0, day), { weekday: 'long', timeZone: 'UTC' }),
  }));
  const submit = save.onSubmit(async (form) => {
    const body = {
      frequency,
      weekday: Number(textOf(form, 'weekday') || preferences.weekday),
      hour: Number(textOf(form, 'hour')),
      timezone: preferences.timezone,
      language: preferences.language,
    };
    const result = await api.PUT('/api/me/digest-preferences', { body });
    await queryClient.invalidateQueries();
    return result;
  });
  return (
    <section aria-labelledby="digest-heading">
      <h2 id="digest-heading">
        <FormattedMessage id="settings.digest" />
      </h2>
      <form className="form" onSubmit={submit}>
        <fieldset>
          <legend>
            <FormattedMessage id="digest.frequency" />
          </legend>
          {(['daily', 'weekly', 'off'] as const).map((value) => (
            <label key={value} className="choice">
              <input type="radio" name="frequency" value={value} checked={frequency === value} onChange={() => setFrequency(value)} />
              {intl.formatMessage({ id: FREQUENCY_MESSAGES[value] })}
            </label>
          ))}
        </fieldset>
        {frequency === 'weekly' && (
          <div className="field">
            <label htmlFor="digest-weekday">
              <FormattedMessage id="digest.weekday" />
            </label>
            <select id="digest-weekday" name="weekday" defaultValue={preferences.weekday}>
              {weekdays.map(({ day, name }) => (
                <option key={day} value={day}>
                  {name}
                </option>
              ))}
            </select>
          </div>
        )}
        {frequency !== 'off' && (
          <div className="field">
            <label htmlFor="digest-hour">
              <FormattedMessage id="digest.hour" />
            </label>
            <select id="digest-hour" name="hour" defaultValue={preferences.hour}>
              {Array.from({ length: 24 }, (_, hour) => (
                <option key={hour} value={hour}>
                  {intl.formatTime(Date.UTC(2024, 0, 1, hour), { hour: '2-digit', minute: '2-digit', timeZone: 'UTC' })}
                </option>
              ))}
            </select>
            <p className="hint">{intl.formatMessage({ id: 'digest.hour.hint' }, { zone: preferences.timezone })}</p>
          </div>
        )}
        <SaveFooter save={save} />
      </form>
    </section>
  );
}

/** A level per followed forum and joined group; "as the digest" leaves the general frequency. */
function LevelsSection({ preferences }: { preferences: Preferences }) {
  const intl = useIntl();
  const forums = useForums();
  const { groups } = useAllWorkingGroups();
  const save = useSave();
  const levelOf = (id: string) => preferences.levels.find((entry) => entry.id === id)?.level ?? '';
  const rows = [
    ...(forums.data?.items
      .filter((forum) => forum.following)
      .map((forum) => ({ kind: 'forum' as const, key: forum.slug, id: forum.id, name: forum.name })) ?? []),
    ...groups
      .filter((group) => group.membership?.status === 'active')
      .map((group) => ({ kind: 'group' as const, key: group.id, id: group.id, name: group.name })),
  ];
  const change = (row: (typeof rows)[number], value: string) => {
    const level = DIGEST_LEVELS.find((candidate) => candidate === value);
    if (!level) return;
    void save.run(() =>
      row.kind === 'forum'
        ? api.PUT('/api/me/digest-preferences/forums/{slug}', { params: { path: { slug: row.key } }, body: { level } })
        : api.PUT('/api/me/digest-preferences/working-groups/{id}', { params: { path: { id: row.key } }, body: { level } }),
    );
  };
  if (!rows.length) return null;
  return (
    <section aria-labelledby="levels-heading">
      <h2 id="levels-heading">
        <FormattedMessage id="settings.levels" />
      </h2>
      <ul className="list">
        {rows.map((row) => (
          <li key={row.key} className="field">
            <label htmlFor={`level-${row.key}`}>{row.name}</label>
            <select id={`level-${row.key}`} defaultValue={levelOf(row.id)} onChange={(event) => change(row, event.target.value)}>
              <option value="" disabled>
                {intl.formatMessage({ id: 'digest.level.default' })}
              </option>
              {DIGEST_LEVELS.map((level) => (
                <option key={level} value={level}>
                  {intl.formatMessage({ id: LEVEL_MESSAGES[level] })}
                </option>
              ))}
            </select>
          </li>
        ))}
      </ul>
      <SaveStatus saved={save.saved} error={save.error} />
    </section>
  );
}

/** The next digest as it would be mailed now, in a sandboxed frame: no script of the mail can run. */
function PreviewSection() {
  const intl = useIntl();
  const [open, setOpen] = useState(false);
  const preview = $api.useQuery('get', '/api/me/digest/preview', {}, { enabled: open });
  return (
    <section aria-labelledby="preview-heading">
      <h2 id="preview-heading">
        <FormattedMessage id="settings.preview" />
      </h2>
      {!open && (
        <button type="button" className="button secondary" onClick={() => setOpen(true)}>
          <FormattedMessage id="settings.preview.show" />
        </button>
      )}
      {open && preview.isPending && <Loading />}
      {!!queryError(preview) && <ErrorState error={queryError(preview)} onRetry={() => void preview.refetch()} />}
      {preview.data && (
        <>
          <p>
            <FormattedMessage id="settings.preview.subject" values={{ subject: preview.data.subject }} />
          </p>
          <iframe className="digest-preview" sandbox="" srcDoc={preview.data.html} title={intl.formatMessage({ id: 'settings.preview' })} />
        </>
      )}
    </section>
  );
}

/** The secret calendar URL: shown once when made; making a new one revokes the old. */
function CalendarSection() {
  const intl = useIntl();
  const [url, setUrl] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const save = useSave();
  const issue = () =>
    void save.run(async () => {
      const result = await api.POST('/api/events/feed');
      setUrl(result.data?.url ?? null);
      setCopied(false);
      return result;
    });
  return (
    <section aria-labelledby="calendar-heading">
      <h2 id="calendar-heading">
        <FormattedMessage id="settings.calendar" />
      </h2>
      <p>
        <FormattedMessage id="settings.calendar.intro" />
      </p>
      {url && (
        <div className="field">
          <label htmlFor="feed-url">
            <FormattedMessage id="settings.calendar.link" />
          </label>
          <div className="row">
            <input id="feed-url" readOnly value={url} className="grow" />
            <button
              type="button"
              className="button secondary"
              onClick={() => void navigator.clipboard.writeText(url).then(() => setCopied(true))}
            >
              <FormattedMessage id="settings.calendar.copy" />
            </button>
          </div>
          <p role="status" className="muted">
            {copied && <FormattedMessage id="settings.calendar.copied" />}
          </p>
        </div>
      )}
      <button
        type="button"
        className="button secondary"
        onClick={() => (!url || window.confirm(intl.formatMessage({ id: 'settings.calendar.regenerate.confirm' }))) && issue()}
      >
        {url ? <FormattedMessage id="settings.calendar.regenerate" /> : <FormattedMessage id="settings.calendar.create" />}
      </button>
      <SaveStatus saved={false} error={save.error} />
    </section>
  );
}

export function SettingsPage() {
  const intl = useIntl();
  const session = useSession();
  const preferences = $api.useQuery('get', '/api/me/digest-preferences');
  if (session.status !== 'signed-in') return null;
  return (
    <Page title={intl.formatMessage({ id: 'menu.settings' })}>
      <ProfileSection user={session.user} />
      <LanguageSection user={session.user} />
      {!!queryError(preferences) && <ErrorState error={queryError(preferences)} onRetry={() => void preferences.refetch()} />}
      {preferences.data ? (
        <>
          <DigestSection preferences={preferences.data} />
          <LevelsSection preferences={preferences.data} />
        </>
      ) : (
        <Loading />
      )}
      <PreviewSection />
      <CalendarSection />
    </Page>
  );
}
