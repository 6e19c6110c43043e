import { lazy, Suspense, useEffect, useRef, useState, type FormEvent } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { Link, Outlet, useNavigate, useRouterState } from '@tanstack/react-router';
import { useSession } from '../api/session';
import { useUnreadLive } from '../live/unread';

/** react-aria's menu is most of a widget library: it loads just after the page, off the entry's budget. */
const UserMenu = lazy(() => import('./UserMenu').then((module) => ({ default: module.UserMenu })));

/** Typing `/` anywhere but in a field jumps to the search box, as on most sites with one. */
function useSlashFocuses(target: React.RefObject<HTMLInputElement | null>): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey) return;
      const active = document.activeElement;
      if (active instanceof HTMLInputElement || active instanceof HTMLTextAreaElement || (active as HTMLElement | null)?.isContentEditable)
        return;
      event.preventDefault();
      target.current?.focus();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [target]);
}

function SearchBox() {
  const intl = useIntl();
  const navigate = useNavigate();
  const input = useRef<HTMLInputElement>(null);
  useSlashFocuses(input);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const q = input.current?.value.trim() ?? '';
    if (q) void navigate({ to: '/search', search: { q } });
  };
  return (
    <form role="search" className="search-box" onSubmit={submit}>
      <label htmlFor="site-search" className="visually-hidden">
        <FormattedMessage id="nav.search" />
      </label>
      <input
        id="site-search"
        ref={input}
        type="search"
        name="q"
        placeholder={intl.formatMessage({ id: 'nav.search.placeholder' })}
        aria-keyshortcuts="/"
      />
      <button type="submit" className="button secondary">
        <FormattedMessage id="nav.search" />
      </button>
    </form>
  );
}

export function AppShell() {
  const session = useSession();
  const intl = useIntl();
  useUnreadLive();
  const [menuOpen, setMenuOpen] = useState(false);
  const path = useRouterState({ select: (state) => state.location.pathname });
  useEffect(() => setMenuOpen(false), [path]);
  const signedIn = session.status === 'signed-in';

  return (
    <div className="app">
      <a href="#main" className="skip-link">
        <FormattedMessage id="nav.skip" />
      </a>
      <header className="top-bar">
        <Link to="/" className="brand">
          Agora
        </Link>
        {signedIn && (
          <>
            <button
              type="button"
              className="menu-toggle button secondary"
              aria-expanded={menuOpen}
              aria-controls="primary-nav"
              onClick={() => setMenuOpen((open) => !open)}
            >
              <FormattedMessage id="nav.menu" />
            </button>
            <div id="primary-nav" className={menuOpen ? 'nav-panel open' : 'nav-panel'}>
              <nav aria-label={intl.formatMessage({ id: 'nav.label' })}>
                <ul className="nav-links">
                  <li>
                    <Link to="/forums" activeProps={{ 'aria-current': 'page' }}>
                      <FormattedMessage id="nav.forums" />
                    </Link>
                  </li>
                  <li>
                    <Link to="/working-groups" activeProps={{ 'aria-current': 'page' }}>
                      <FormattedMessage id="nav.groups" />
                    </Link>
                  </li>
                  <li>
                    <Link to="/cities" activeProps={{ 'aria-current': 'page' }}>
                      <FormattedMessage id="nav.cities" />
                    </Link>
                  </li>
                </ul>
              </nav>
              <SearchBox />
              <Suspense
                fallback={
                  <button type="button" className="button secondary user-button" disabled>
                    {session.user.name}
                  </button>
                }
              >
                <UserMenu user={session.user} />
              </Suspense>
            </div>
          </>
        )}
      </header>
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
      <footer className="footer">
        <Link to="/accessibility">
          <FormattedMessage id="nav.accessibility" />
        </Link>
      </footer>
    </div>
  );
}
