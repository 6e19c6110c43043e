import type { Page } from 'playwright-core';
import { SEEDED } from './support/api-client';
import { axeViolations, focused, scriptCookies, scrollsSideways, signIn, WebHarness } from './support/web-browser';

// A browser, axe and argon2 sign-ins share two busy cores with the API: minutes, not seconds.
jest.setTimeout(120_000);

describe('web client in Chromium', () => {
  let web: WebHarness;

  beforeAll(async () => {
    web = await WebHarness.start();
  }, 120_000);
  afterAll(() => web?.close());

  const heading = (page: Page) => page.getByRole('heading', { level: 1 });
  /** Waits for the page whose h1 says `name` (routes load on demand, so the URL changes first). */
  const pageTitled = (page: Page, name: string | RegExp) => page.getByRole('heading', { level: 1, name }).waitFor();

  describe('sign-in', () => {
    it('works by keyboard alone and returns to the page asked for', async () => {
      const page = await web.page();
      await page.goto('/cities/bologna');
      await page.waitForURL(/\/sign-in\?next=/);
      expect(await axeViolations(page)).toEqual([]);

      // Tab order of a signed-out page: skip link, home link, then the form.
      await page.keyboard.press('Tab');
      expect((await focused(page)).text).toBe('Skip to main content');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Tab');
      expect((await focused(page)).name).toBe('email');
      await page.keyboard.type(SEEDED.bologna);
      await page.keyboard.press('Tab');
      await page.keyboard.type('agora-dev-password');
      await page.keyboard.press('Enter');

      await page.waitForURL('**/cities/bologna');
      await pageTitled(page, 'Bologna');
      expect(await page.title()).toBe('Bologna · Agora');
      expect((await focused(page)).tag).toBe('H1');
      await page.context().close();
    });

    it('announces a wrong password in an alert tied to the form', async () => {
      const page = await web.page();
      await page.goto('/sign-in');
      await page.getByLabel('Email').fill(SEEDED.bologna);
      await page.getByLabel('Password').fill('not-the-password');
      await page.getByRole('button', { name: 'Sign in' }).click();
      const alert = page.getByRole('alert');
      await expect(alert.textContent()).resolves.toBe('The email or the password is wrong.');
      expect(await page.locator('form').getAttribute('aria-describedby')).toBe(await alert.getAttribute('id'));
      expect(new URL(page.url()).pathname).toBe('/sign-in');
      expect(await axeViolations(page)).toEqual([]);
      await page.context().close();
    });

    it('ties a field error to its field (an invalid e-mail)', async () => {
      const page = await web.page();
      await page.goto('/sign-in');
      await page.getByLabel('Email').fill('not an address');
      await page.getByLabel('Password').fill('x');
      await page.getByRole('button', { name: 'Sign in' }).click();
      const email = page.getByLabel('Email');
      await page.waitForSelector('[aria-invalid="true"]');
      expect(await email.getAttribute('aria-invalid')).toBe('true');
      const described = await email.getAttribute('aria-describedby');
      expect(await page.locator(`#${described?.replace(/:/g, '\\:')}`).textContent()).toMatch(/email address/);
      expect(await axeViolations(page)).toEqual([]);
      await page.context().close();
    });

    it('keeps the session over a reload (the refresh cookie), and signing out ends it', async () => {
      const page = await web.page();
      await signIn(page, SEEDED.leipzig);
      await page.reload();
      await pageTitled(page, /^Welcome/);
      const cookies = await page.context().cookies();
      expect(cookies.find((cookie) => cookie.name === 'agora_refresh')).toMatchObject({
        httpOnly: true,
        sameSite: 'Strict',
        path: '/api/auth',
      });
      expect(await scriptCookies(page)).toBe(''); // no script can read it

      await page.getByRole('button', { name: /Account menu/ }).click();
      await page.getByRole('menu').waitFor();
      expect(await axeViolations(page)).toEqual([]);
      await page.getByRole('menuitem', { name: 'Sign out' }).click();
      await page.waitForURL('**/sign-in');
      await page.reload();
      await page.goto('/forums');
      await page.waitForURL(/\/sign-in/);
      await page.context().close();
    });
  });

  it('follows an Italian browser: Italian interface and <html lang="it">', async () => {
    const page = await web.page({ locale: 'it-IT' });
    await page.goto('/sign-in');
    await pageTitled(page, 'Accedi');
    expect(await page.getAttribute('html', 'lang')).toBe('it');
    expect(await page.title()).toBe('Accedi · Agora');
    await page.getByLabel('Email').fill(SEEDED.bologna);
    await page.getByLabel('Password').fill('agora-dev-password');
    await page.getByRole('button', { name: 'Accedi' }).click();
    await page.getByRole('link', { name: 'Gruppi di lavoro' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.context().close();
  });

  it('fits 360 px without sideways scrolling, the navigation behind one menu button', async () => {
    const page = await web.page({ width: 360 });
    await signIn(page, SEEDED.bologna);
    for (const path of ['/', '/forums', '/cities', '/cities/bologna', '/accessibility']) {
      await page.goto(path);
      await heading(page).waitFor();
      expect({ path, sideways: await scrollsSideways(page) }).toEqual({ path, sideways: false });
    }
    expect(await page.getByRole('link', { name: 'Forums' }).isVisible()).toBe(false);
    const menu = page.getByRole('button', { name: 'Menu', exact: true });
    await menu.click();
    expect(await menu.getAttribute('aria-expanded')).toBe('true');
    expect(await page.getByRole('link', { name: 'Forums' }).isVisible()).toBe(true);
    expect(await scrollsSideways(page)).toBe(false);
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: 'docs/screenshots/narrow-screen.png' });
    await page.context().close();
  });
});
