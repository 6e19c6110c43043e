import { createRootRoute, createRoute, createRouter, lazyRouteComponent, redirect } from '@tanstack/react-router';
import { whenSessionLost } from './api/client';
import { getSession } from './api/session';
import { AppShell } from './components/AppShell';
import { markNavigated } from './components/Page';
import { NotFoundPage } from './routes/not-found';
import { SignInPage } from './routes/sign-in';

/** Each page is its own chunk, loaded when first visited; sign-in and 404 ship in the entry. */
const page = <M extends Record<string, unknown>>(load: () => Promise<M>, name: keyof M & string) => lazyRouteComponent(load, name);

const rootRoute = createRootRoute({ component: AppShell, notFoundComponent: NotFoundPage });

const signInRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/sign-in',
  validateSearch: (search: Record<string, unknown>): { next?: string } => (typeof search.next === 'string' ? { next: search.next } : {}),
  component: SignInPage,
});

const invitationRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/invitations/$token',
  component: page(() => import('./routes/accept-invitation'), 'AcceptInvitationPage'),
});

const accessibilityRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/accessibility',
  component: page(() => import('./routes/accessibility'), 'AccessibilityPage'),
});

/** Every page below needs a session; without one, sign-in remembers where the user was going. */
const authedRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: 'authed',
  beforeLoad: ({ location }) => {
    if (getSession().status !== 'signed-in') redirect({ to: '/sign-in', search: { next: location.href }, throw: true });
  },
});

const homeRoute = createRoute({ getParentRoute: () => authedRoute, path: '/', component: page(() => import('./routes/home'), 'HomePage') });
const forumsRoute = createRoute({
  getParentRoute: () => authedRoute,
  path: '/forums',
  component: page(() => import('./routes/forums'), 'ForumsPage'),
});
const forumRoute = createRoute({
  getParentRoute: () => authedRoute,
  path: '/forums/$slug',
  component: page(() => import('./routes/forum'), 'ForumPage'),
});
const groupsRoute = createRoute({
  getParentRoute: () => authedRoute,
  path: '/working-groups',
  component: page(() => import('./routes/working-groups'), 'WorkingGroupsPage'),
});
const groupRoute = createRoute({
  getParentRoute: () => authedRoute,
  path: '/working-groups/$id',
  component: page(() => import('./routes/working-group'), 'WorkingGroupPage'),
});
const threadRoute = createRoute({
  getParentRoute: () => authedRoute,
  path: '/threads/$id',
  component: page(() => import('./routes/thread'), 'ThreadPage'),
});
const citiesRoute = createRoute({
  getParentRoute: () => authedRoute,
  path: '/cities',
  validateSearch: (search: Record<string, unknown>): { country?: string } =>
    typeof search.country === 'string' ? { country: search.country } : {},
  component: page(() => import('./routes/cities'), 'CitiesPage'),
});
const cityRoute = createRoute({
  getParentRoute: () => authedRoute,
  path: '/cities/$slug',
  component: page(() => import('./routes/city'), 'CityPage'),
});
const committeeRoute = createRoute({
  getParentRoute: () => authedRoute,
  path: '/executive-committee',
  component: page(() => import('./routes/executive-committee'), 'ExecutiveCommitteePage'),
});
const settingsRoute = createRoute({
  getParentRoute: () => authedRoute,
  path: '/settings',
  component: page(() => import('./routes/settings'), 'SettingsPage'),
});
/** The digest mail links here. */
const digestSettingsRoute = createRoute({
  getParentRoute: () => authedRoute,
  path: '/settings/digest',
  component: page(() => import('./routes/settings'), 'SettingsPage'),
});
const searchRoute = createRoute({
  getParentRoute: () => authedRoute,
  path: '/search',
  validateSearch: (search: Record<string, unknown>): { q?: string } => (typeof search.q === 'string' ? { q: search.q } : {}),
  component: page(() => import('./routes/search'), 'SearchPage'),
});

export const routeTree = rootRoute.addChildren([
  signInRoute,
  invitationRoute,
  accessibilityRoute,
  authedRoute.addChildren([
    homeRoute,
    forumsRoute,
    forumRoute,
    groupsRoute,
    groupRoute,
    threadRoute,
    citiesRoute,
    cityRoute,
    committeeRoute,
    settingsRoute,
    digestSettingsRoute,
    searchRoute,
  ]),
]);

export const router = createRouter({ routeTree, defaultPreload: 'intent', scrollRestoration: true });

router.subscribe('onBeforeNavigate', ({ fromLocation }) => {
  if (fromLocation) markNavigated();
});

whenSessionLost(() => {
  const { href, pathname } = router.state.location;
  if (pathname !== '/sign-in') void router.navigate({ to: '/sign-in', search: { next: href } });
});

declare module '@tanstack/react-router' {
  interface Register {
    router: typeof router;
  }
}
