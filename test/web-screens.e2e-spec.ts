import type { Page } from 'playwright-core';
import { ApiClient, SEEDED } from './support/api-client';
import { axeViolations, scrollsSideways, signIn, WebHarness } from './support/web-browser';

// A browser, axe and argon2 sign-ins share two busy cores with the API: minutes, not seconds.
jest.setTimeout(180_000);

describe('web client screens in Chromium', () => {
  let web: WebHarness;
  let api: ApiClient;

  beforeAll(async () => {
    web = await WebHarness.start();
    api = new ApiClient(web.baseUrl);
  }, 120_000);
  afterAll(() => web?.close());

  const titled = (page: Page, name: string | RegExp) => page.getByRole('heading', { level: 1, name }).waitFor();
  const signedInPage = async (email: string, options: Parameters<WebHarness['page']>[0] = {}) => {
    const page = await web.page(options);
    await signIn(page, email);
    return page;
  };
  const createGroup = async (forum: string, body: object) => {
    const secretariat = await api.tokenFor(SEEDED.secretariat);
    const created = await api.post(`/api/forums/${forum}/working-groups`, { description: 'What works, shared.', ...body }, secretariat);
    expect(created.status).toBe(201);
    return created.body.id as string;
  };

  it('forums: follow, start a thread (dialog), and the home page lists what is followed', async () => {
    const page = await signedInPage(SEEDED.leipzig);
    await page.goto('/');
    await titled(page, /^Welcome/);
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole('navigation').getByRole('link', { name: 'Forums' }).click();
    await titled(page, 'Forums');
    expect(await page.getByRole('main').getByRole('listitem').getByRole('link').allTextContents()).toEqual([
      'Culture',
      'Economic Development',
      'Environment',
      'Knowledge Society',
      'Mobility',
      'Social Affairs',
    ]);
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole('link', { name: 'Mobility' }).click();
    await titled(page, 'Mobility');
    const follow = page.getByRole('button', { name: 'Follow' });
    expect(await follow.getAttribute('aria-pressed')).toBe('false');
    await follow.click();
    await page.locator('button[aria-pressed="true"]').waitFor();
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Start a thread' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await dialog.getByLabel('Title').fill('Night buses after the AGM');
    await dialog.getByLabel('First message').fill('Who runs night buses on weekdays?');
    await dialog.getByRole('button', { name: 'Start the thread' }).click();
    await page.waitForURL(/\/threads\/[0-9a-f-]{36}$/);
    await titled(page, 'Night buses after the AGM');

    await page.getByRole('link', { name: 'Agora' }).click();
    await titled(page, /^Welcome/);
    await page.getByRole('link', { name: 'Night buses after the AGM' }).waitFor();
    expect(await page.getByRole('region', { name: 'New for you' }).getByRole('link', { name: 'Mobility' }).count()).toBe(1);
    await page.context().close();
  });

  it('working groups: a private group is a 404 page to others; its lead approves a request and removes a member', async () => {
    const groupId = await createGroup('culture', { name: 'Heritage Lab', visibility: 'private', leadEmail: SEEDED.bologna });
    const leipzig = await signedInPage(SEEDED.leipzig);
    await leipzig.goto(`/working-groups/${groupId}`);
    await titled(leipzig, 'Page not found');
    expect(await axeViolations(leipzig)).toEqual([]);
    await leipzig.goto('/working-groups');
    await titled(leipzig, 'Working groups');
    expect(await leipzig.getByText('Heritage Lab').count()).toBe(0);
    await leipzig.context().close();

    expect((await api.post(`/api/working-groups/${groupId}/join`, undefined, await api.tokenFor(SEEDED.leipzig))).status).toBe(202);
    const lead = await signedInPage(SEEDED.bologna);
    await lead.goto(`/working-groups/${groupId}`);
    await titled(lead, 'Heritage Lab');
    await lead.getByRole('heading', { name: 'Requests to join (1)' }).waitFor();
    expect(await axeViolations(lead)).toEqual([]);
    const requester = (await api.get('/api/me', await api.tokenFor(SEEDED.leipzig))).body.name as string;
    await lead.getByRole('button', { name: `Approve ${requester}` }).click();
    await lead.getByRole('heading', { name: 'Requests to join (0)' }).waitFor();
    const remove = lead.getByRole('button', { name: `Remove ${requester} from the group` });
    await remove.waitFor();
    lead.once('dialog', (dialog) => void dialog.accept());
    await remove.click();
    await remove.waitFor({ state: 'detached' });
    await lead.context().close();
  });

  it('working groups: joining a public group, the button becomes "Leave the group"', async () => {
    const groupId = await createGroup('environment', { name: 'Urban Heat', visibility: 'public', leadEmail: SEEDED.bologna });
    const page = await signedInPage(SEEDED.leipzig);
    await page.goto(`/working-groups/${groupId}`);
    await titled(page, 'Urban Heat');
    await page.getByRole('button', { name: 'Join' }).click();
    await page.getByRole('button', { name: 'Leave the group' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.context().close();
  });

  it("cities: the directory's country filter, and Bologna's profile newest first", async () => {
    const page = await signedInPage(SEEDED.bologna);
    await page.goto('/cities');
    await titled(page, 'Member cities');
    await page.getByLabel('Country').selectOption('IT');
    await page.waitForURL(/country=IT/);
    await page.getByRole('link', { name: 'Florence' }).waitFor();
    expect(await page.getByRole('link', { name: 'Leipzig' }).count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole('link', { name: 'Bologna' }).click();
    await titled(page, 'Bologna');
    await page.getByText('Member since 1991').waitFor();
    await page.getByText('Leipzig, since 1962').waitFor();
    const history = await page.locator('ol.history > li').allTextContents();
    expect(history[0]).toBe('2013–2014: Chair of the Culture forum');
    expect(history[1]).toBe('2007–2008: Chair of the Knowledge Society forum');
    expect(history).toEqual(
      expect.arrayContaining([
        '1996: President of the network',
        '1995: President of the network',
        '1993–1999: Member of the Executive Committee',
      ]),
    );
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: 'docs/screenshots/city-profile.png', fullPage: true });

    await page.goto('/executive-committee');
    await titled(page, 'Executive Committee');
    await page.getByRole('link', { name: 'Florence' }).first().waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.context().close();
  });

  it('settings: digest settings survive a reload; preview, calendar link and language', async () => {
    const page = await signedInPage(SEEDED.bologna);
    await page.goto('/settings/digest');
    await titled(page, 'Settings');
    await page.getByLabel('Every day').check();
    await page.getByLabel('From this hour').selectOption('18');
    await page.getByRole('region', { name: 'Email digest' }).getByRole('button', { name: 'Save' }).click();
    await page.getByRole('region', { name: 'Email digest' }).getByText('Saved.').waitFor();
    expect(await axeViolations(page)).toEqual([]);

    await page.reload();
    await titled(page, 'Settings');
    await page.getByLabel('From this hour').waitFor();
    expect(await page.getByLabel('Every day').isChecked()).toBe(true);
    expect(await page.getByLabel('From this hour').inputValue()).toBe('18');

    await page.getByRole('button', { name: 'Show what the next digest would contain' }).click();
    const frame = page.locator('iframe.digest-preview');
    await frame.waitFor();
    expect(await frame.getAttribute('sandbox')).toBe('');

    await page.getByRole('button', { name: 'Create my calendar link' }).click();
    expect(await page.getByLabel('Your calendar link').inputValue()).toMatch(/\/api\/events\.ics\?token=/);
    expect(await axeViolations(page)).toEqual([]);

    await page.getByLabel('Interface language').selectOption('de');
    await titled(page, 'Einstellungen');
    expect(await page.getAttribute('html', 'lang')).toBe('de');
    await page.reload();
    await titled(page, 'Einstellungen');
    expect((await api.get('/api/me', await api.tokenFor(SEEDED.bologna))).body.languages[0]).toBe('de');
    await page.context().close();
  });

  it('dark theme, the 404 page and the accessibility statement pass axe; no sideways scroll at 320 px', async () => {
    const page = await signedInPage(SEEDED.leipzig, { colorScheme: 'dark', width: 320 });
    for (const [path, title] of [
      ['/forums/culture', 'Culture'],
      ['/no/such/page', 'Page not found'],
      ['/settings', 'Settings'],
      ['/accessibility', 'Accessibility statement'],
    ]) {
      await page.goto(path);
      await titled(page, title);
      expect({ path, violations: await axeViolations(page), sideways: await scrollsSideways(page) }).toEqual({
        path,
        violations: [],
        sideways: false,
      });
    }
    expect(await page.getByRole('link', { name: /accessibility@/ }).getAttribute('href')).toMatch(/^mailto:/);
    await page.context().close();
  });
});
