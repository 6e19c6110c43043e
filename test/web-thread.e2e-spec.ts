import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { ApiClient, SEEDED } from './support/api-client';
import { eventually } from './support/live-client';
import { newThread } from './support/factories';
import { axeViolations, signIn, WebHarness } from './support/web-browser';

/** The live thread page in Chromium: two officers, two browser profiles, one real API and worker. */
jest.setTimeout(120_000);

describe('the live thread in Chromium', () => {
  let web: WebHarness;
  let api: ApiClient;
  let giulia: string;
  let jonas: string;

  const openThread = async (title: string) =>
    await newThread(api, giulia, { forum: 'mobility' }, { title, body: 'Who has numbers on cargo bikes?' });
  const post = (thread: string, body: string, token = jonas) =>
    api.post(`/api/threads/${thread}/messages`, { body, clientMsgId: randomUUID() }, token);
  const log = (page: Page) => page.getByRole('log', { name: 'Messages' });
  const composer = (page: Page) => page.getByRole('textbox', { name: 'Message', exact: true });
  /** The texts of the messages on screen, top to bottom. */
  const texts = (page: Page) => log(page).locator('.message-body, .message-source').allTextContents();
  const shows = (page: Page, text: string) => log(page).getByText(text, { exact: true }).waitFor({ timeout: 15_000 });

  async function openAs(email: string, thread: string): Promise<Page> {
    const page = await web.page();
    await signIn(page, email);
    await page.goto(`/threads/${thread}`);
    await log(page).waitFor();
    // Joined: the opening message is there.
    await shows(page, 'Who has numbers on cargo bikes?');
    return page;
  }

  beforeAll(async () => {
    web = await WebHarness.start();
    api = new ApiClient(web.baseUrl);
    [giulia, jonas] = await Promise.all([api.tokenFor(SEEDED.bologna), api.tokenFor(SEEDED.leipzig)]);
  }, 120_000);
  afterAll(() => web?.close());

  it('shows each officer the other one’s messages live, once, in order; a double click sends once', async () => {
    const thread = await openThread('Cargo bikes in the old town');
    const [mine, theirs] = await Promise.all([openAs(SEEDED.bologna, thread), openAs(SEEDED.leipzig, thread)]);
    expect(await mine.getByRole('navigation', { name: 'Where this thread is' }).getByRole('link').allTextContents()).toEqual(['Mobility']);

    await composer(mine).fill('Bologna counted 1,200 a day.');
    await mine.getByRole('button', { name: 'Send' }).dblclick();
    await shows(theirs, 'Bologna counted 1,200 a day.');
    await composer(theirs).fill('Leipzig: about **900**.');
    await mine.locator('.thread-status').getByText('Jonas Weber is typing…').waitFor({ timeout: 15_000 });
    expect(await mine.locator('.thread-status').textContent()).toMatch(/^2 people here/);
    await composer(theirs).press('Enter');
    await shows(mine, 'Leipzig: about 900.');
    expect(await mine.locator('strong', { hasText: '900' }).count()).toBe(1); // the server's HTML, not the source

    for (const page of [mine, theirs])
      await eventually(
        async () =>
          JSON.stringify(await texts(page)) ===
          JSON.stringify(['Who has numbers on cargo bikes?', 'Bologna counted 1,200 a day.', 'Leipzig: about 900.']),
        10_000,
        'three messages, each once, in seq order',
      );
    expect((await api.get(`/api/threads/${thread}/messages`, giulia)).body.items).toHaveLength(3);
    // Announced once, politely, with the author's name; the history was not.
    expect(await mine.locator('[aria-live="polite"]').textContent()).toBe('Jonas Weber: Leipzig: about 900.');
    await Promise.all([mine.context().close(), theirs.context().close()]);
  });

  it('keeps the reader’s place when scrolled up and offers "N new messages" instead', async () => {
    const thread = await openThread('Bike parking');
    for (let index = 1; index <= 25; index++) await post(thread, `Earlier message ${index}`);
    const page = await web.page();
    await signIn(page, SEEDED.bologna);
    await page.goto(`/threads/${thread}`);
    await shows(page, 'Earlier message 25'); // opened at the bottom
    await log(page).hover();
    await page.mouse.wheel(0, -20_000);
    await shows(page, 'Earlier message 1');
    await post(thread, 'Arrived while scrolled up 1');
    await post(thread, 'Arrived while scrolled up 2');
    const button = page.getByRole('button', { name: '2 new messages' });
    await button.waitFor({ timeout: 15_000 });
    expect(await log(page).getByText('Earlier message 1', { exact: true }).isVisible()).toBe(true); // the place is kept
    await button.click();
    await log(page).getByText('Arrived while scrolled up 2').waitFor({ state: 'visible' });
    await eventually(async () => (await button.count()) === 0, 10_000, 'the button gone at the bottom');
    await page.context().close();
  });

  it('catches up after the network drops: the messages posted meanwhile appear in order, and a message written offline goes out', async () => {
    const thread = await openThread('Night buses');
    const page = await openAs(SEEDED.bologna, thread);
    await page.context().setOffline(true);
    await page
      .getByRole('alert')
      .getByText(/You are offline/)
      .waitFor();
    for (const body of ['First while away', 'Second while away', 'Third while away']) await post(thread, body);
    await composer(page).fill('Written on the train');
    await composer(page).press('Enter');
    await log(page)
      .getByText(/Waiting for the connection/)
      .waitFor();

    await page.context().setOffline(false);
    await shows(page, 'Third while away');
    await eventually(
      async () =>
        (await log(page)
          .getByText(/Waiting for the connection|Sending/)
          .count()) === 0,
      15_000,
      'the queued message confirmed',
    );
    expect(await texts(page)).toEqual([
      'Who has numbers on cargo bikes?',
      'First while away',
      'Second while away',
      'Third while away',
      'Written on the train',
    ]);
    const stored = (await api.get(`/api/threads/${thread}/messages`, giulia)).body.items;
    expect(stored.map((message: { body: string }) => message.body).slice(-1)).toEqual(['Written on the train']);
    expect(await page.getByText(/You are offline/).count()).toBe(0);
    await page.context().close();
  });

  it('raises the home badge live when a followed forum gets a message, and clears it once the thread is read', async () => {
    await api.put('/api/forums/mobility/follow', undefined, jonas);
    const thread = await openThread('Tram priority');
    // Nothing unread for Jonas to start with: he has read every thread he follows.
    for (const { threadId } of (await api.get('/api/me/unread', jonas)).body.threads as { threadId: string }[])
      await api.put(`/api/threads/${threadId}/read`, { seq: 1_000_000 }, jonas);
    const page = await web.page();
    await signIn(page, SEEDED.leipzig);
    const mobility = page.locator('li', { has: page.getByRole('link', { name: 'Mobility', exact: true }) });
    await mobility.waitFor();
    expect(await mobility.locator('.badge').count()).toBe(0);

    await post(thread, 'Green waves for trams', giulia);
    await mobility.locator('.badge', { hasText: /^1/ }).waitFor({ timeout: 15_000 }); // well before the minute's poll
    await post(thread, 'And bus lanes', giulia);
    await mobility.locator('.badge', { hasText: /^2/ }).waitFor({ timeout: 15_000 });

    await page.goto(`/threads/${thread}`);
    await shows(page, 'And bus lanes');
    await page.getByRole('link', { name: 'Agora' }).click();
    await mobility.waitFor();
    await eventually(async () => (await mobility.locator('.badge').count()) === 0, 15_000, 'the badge back to 0');
    await page.context().close();
  });

  it('offers the thread’s people after @, previews the server’s HTML, and passes axe with all of it open', async () => {
    const thread = await openThread('Low-emission zones');
    const page = await openAs(SEEDED.bologna, thread);
    await post(thread, 'Our zone started in **March**.');
    await shows(page, 'Our zone started in March.');
    await page.getByRole('button', { name: 'Preview' }).click();
    await composer(page).click();
    const options = page.getByRole('listbox', { name: 'People to mention' }).getByRole('option');
    const activeOption = () => composer(page).getAttribute('aria-activedescendant');
    await page.keyboard.type('@');
    await eventually(async () => (await options.count()) > 1, 10_000, 'the thread’s people after a lone @');
    await composer(page).press('ArrowDown');
    expect(await activeOption()).toBe(await options.nth(1).getAttribute('id'));
    await composer(page).press('ArrowUp');
    await composer(page).press('ArrowUp'); // from the first, round to the last
    expect(await activeOption()).toBe(await options.last().getAttribute('id'));
    await composer(page).press('Escape');
    await eventually(async () => (await options.count()) === 0, 5000, 'Escape closes the suggestions');
    expect(await activeOption()).toBeNull();
    expect(await composer(page).inputValue()).toBe('@');
    await composer(page).press('Backspace');
    await page.keyboard.type('Thanks @jo');
    await eventually(
      async () => JSON.stringify(await options.allTextContents()) === JSON.stringify(['Jonas Weber · Leipzig']),
      10_000,
      'the people whose name has a word starting with "jo"',
    );
    expect(await activeOption()).toBe(await options.first().getAttribute('id'));

    expect(await axeViolations(page)).toEqual([]); // composer, preview and the open autocomplete
    mkdirSync('docs/screenshots', { recursive: true });
    await page.screenshot({ path: 'docs/screenshots/thread.png', fullPage: true });
    await composer(page).press('Enter');
    expect(await composer(page).inputValue()).toBe('Thanks @**Jonas Weber** ');
    await page.keyboard.type('— see the map.');
    const preview = page.getByRole('region', { name: 'How your message will look' });
    await preview.locator('.mention').waitFor();
    const expected = (await api.post('/api/markdown/preview', { body: await composer(page).inputValue() }, giulia)).body.html as string;
    await eventually(async () => (await preview.locator('.message-body').innerHTML()) === expected, 5000, 'the preview is the server HTML');
    expect(await axeViolations(page)).toEqual([]);

    await composer(page).press('Enter');
    await log(page).locator('.mention', { hasText: '@Jonas Weber' }).waitFor();
    await page.context().close();
  });

  it('edits and deletes in place for everyone, and offers no actions on others’ messages to a plain member', async () => {
    const thread = await openThread('Parking fees');
    await post(thread, 'Jonas says hello');
    const [mine, theirs] = await Promise.all([openAs(SEEDED.bologna, thread), openAs(SEEDED.leipzig, thread)]);
    await shows(mine, 'Jonas says hello');
    // Giulia is neither staff nor a lead: no actions on Jonas's message.
    const jonasMessage = log(mine).locator('.message', { hasText: 'Jonas says hello' });
    expect(await jonasMessage.getByRole('button', { name: 'Edit' }).count()).toBe(0);

    const own = log(mine).locator('.message').first();
    await own.getByRole('button', { name: 'Edit' }).click();
    await own.getByLabel('Edit the message').fill('Who has numbers on *cargo* bikes?');
    await own.getByRole('button', { name: 'Save' }).click();
    await log(theirs).locator('em', { hasText: 'cargo' }).waitFor();
    await log(theirs).getByText('(edited)').waitFor();

    await own.getByRole('button', { name: 'Delete' }).click();
    await own.getByRole('button', { name: 'Delete' }).click(); // confirm
    await log(theirs).getByText('Message deleted').waitFor();
    await log(mine).getByText('Message deleted').waitFor();
    expect(await axeViolations(theirs)).toEqual([]);
    await Promise.all([mine.context().close(), theirs.context().close()]);
  });
});
