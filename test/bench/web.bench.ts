import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type Page } from 'playwright-core';
import { io, type Socket } from 'socket.io-client';
import { LIVE_NAMESPACE, type ClientToServerEvents, type ServerToClientEvents } from '../../libs/contract/src';
import { ApiClient, DEV_PASSWORD, SEEDED } from '../support/api-client';
import { newThread } from '../support/factories';
import {
  API_MAIN,
  createBenchEnvironment,
  describeBuild,
  ensureBuild,
  formatTable,
  freePort,
  log,
  Resources,
  ROOT,
  runBench,
  runToCompletion,
  startChild,
  stopChild,
  UNLIMITED,
  waitForHealth,
  withPg,
  type BenchEnvironment,
} from './support';

/**
 * `npm run bench:web`: the web client's budgets, on the built client served by the built API.
 * - the gzip size of the entry JavaScript (the entry module and what it imports statically);
 * - BENCH_MESSAGES (100) messages typed in one Chromium page and rendered in another: send ->
 *   render p50/p99, beside the raw socket.io delivery of the same messages to a socket.io-client
 *   in this process, in the same room, in the same run;
 * - a thread of BENCH_LONG_THREAD (5000) messages: time to the first render of its newest
 *   messages, then every message loaded, with the JS heap and the DOM rows (virtualized).
 * Environment: CHROMIUM_PATH (/usr/bin/chromium), BENCH_MESSAGES, BENCH_LONG_THREAD.
 */

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 100);
const LONG_THREAD = Number(process.env.BENCH_LONG_THREAD ?? 5000);
const ENTRY_BUDGET_KB = 150;
const UI_P99_BUDGET_MS = 30;
/** Between sends: under the gateway's 10 events/s per socket, typing signals included. */
const PACE_MS = 250;

type Live = Socket<ServerToClientEvents, ClientToServerEvents>;

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};
const ms = (value: number) => `${value.toFixed(1)} ms`;
const now = () => performance.timeOrigin + performance.now();

/** The entry script of index.html and the modules it preloads (its static imports), gzipped. */
function entrySize(): { entryKb: number; withImportsKb: number; files: string[] } {
  const dist = path.join(ROOT, 'dist/web');
  const html = readFileSync(path.join(dist, 'index.html'), 'utf8');
  const entry = /<script type="module"[^>]*src="([^"]+)"/.exec(html)?.[1];
  if (!entry) throw new Error('dist/web/index.html has no module script');
  const preloads = [...html.matchAll(/<link rel="modulepreload"[^>]*href="([^"]+)"/g)].map((match) => match[1]);
  const gz = (file: string) => gzipSync(readFileSync(path.join(dist, file))).length / 1024;
  return { entryKb: gz(entry), withImportsKb: [entry, ...preloads].reduce((sum, file) => sum + gz(file), 0), files: [entry, ...preloads] };
}

/** The built API on a port chosen first, so that its public origin (the socket's origin check) is the browser's. */
async function startApiAt(resources: Resources, environment: BenchEnvironment): Promise<string> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = startChild('api', process.execPath, [API_MAIN], {
    ...environment.sharedEnv,
    NODE_ENV: 'production',
    JWT_SECRET: environment.jwtSecret,
    PORT: String(port),
    PUBLIC_URL: url,
    CORS_ORIGINS: url,
    RATE_LIMIT_PER_MINUTE: UNLIMITED,
    AUTH_RATE_LIMIT_PER_MINUTE: UNLIMITED,
  });
  resources.defer('stop api', () => stopChild(child));
  await waitForHealth(child, `${url}/health`);
  return url;
}

async function signedInPage(browser: Browser, baseUrl: string, email: string): Promise<Page> {
  const context = await browser.newContext({ baseURL: baseUrl, locale: 'en-GB', viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(DEV_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.pathname !== '/sign-in');
  return page;
}

/** Opens the thread and waits until its newest message is on screen. */
async function openThread(page: Page, threadId: string, newest: string): Promise<number> {
  const started = Date.now();
  await page.goto(`/threads/${threadId}`);
  await page.getByRole('log').getByText(newest, { exact: true }).waitFor({ timeout: 60_000 });
  return Date.now() - started;
}

/** Send (keydown of Enter in the sender's composer) -> render (the message's node in the receiver's log), and raw delivery. */
async function sendToRender(sender: Page, receiver: Page, raw: Live, threadId: string) {
  // Page scripts as strings: this file compiles without the DOM's types.
  await sender.evaluate(`(() => {
    window.sent = {};
    document.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && event.target instanceof HTMLTextAreaElement)
        window.sent[event.target.value.trim()] = performance.timeOrigin + performance.now();
    }, true);
  })()`);
  await receiver.evaluate(`(() => {
    window.rendered = {};
    new MutationObserver(() => {
      const at = performance.timeOrigin + performance.now();
      for (const node of document.querySelectorAll('[role="log"] .message-body')) {
        const text = node.textContent ?? '';
        if (text.startsWith('bench ') && !(text in window.rendered)) window.rendered[text] = at;
      }
    }).observe(document.querySelector('[role="log"]'), { childList: true, subtree: true, characterData: true });
  })()`);
  const delivered: Record<string, number> = {};
  raw.on('message:new', (message) => {
    if (message.threadId === threadId) delivered[message.body] = now();
  });
  const composer = sender.getByRole('textbox', { name: 'Message', exact: true });
  for (let index = 1; index <= MESSAGES; index++) {
    const body = `bench ${index} ${randomUUID()}`;
    await composer.fill(body);
    await composer.press('Enter');
    // A function, not a string: the app's CSP forbids eval, which a string predicate needs.
    await receiver.waitForFunction((text) => text in (globalThis as unknown as { rendered: Record<string, number> }).rendered, body, {
      timeout: 30_000,
    });
    await new Promise((resolve) => setTimeout(resolve, PACE_MS));
  }
  const sent = await sender.evaluate<Record<string, number>>('window.sent');
  const rendered = await receiver.evaluate<Record<string, number>>('window.rendered');
  const bodies = Object.keys(sent).filter((body) => body in rendered && body in delivered);
  return {
    toRender: bodies.map((body) => rendered[body] - sent[body]),
    toSocket: bodies.map((body) => delivered[body] - sent[body]),
    uiAdds: bodies.map((body) => rendered[body] - delivered[body]),
  };
}

/** A thread of LONG_THREAD messages, written straight into the database (the API would take minutes). */
async function longThread(environment: BenchEnvironment, api: ApiClient, token: string): Promise<string> {
  const thread = await newThread(api, token, { forum: 'culture' }, { title: 'A long thread', body: 'long 1' });
  await withPg(environment.databaseUrl, async (pg) => {
    await pg.query(
      `insert into message (id, created_at, thread_id, seq, author_id, client_msg_id, body, html)
       select gen_random_uuid(), now() - make_interval(secs => $2::int - seq), t.id, seq, t.author_id, 'long-' || seq,
              'long ' || seq || ': a paragraph of a long discussion about **tram** priority.',
              '<p>long ' || seq || ': a paragraph of a long discussion about <strong>tram</strong> priority.</p>'
         from thread t, generate_series(2, $2::int) as seq where t.id = $1`,
      [thread, LONG_THREAD],
    );
    await pg.query('update thread set last_seq = $2 where id = $1', [thread, LONG_THREAD]);
  });
  return thread;
}

async function heapMb(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('Performance.enable');
  const { metrics } = await cdp.send('Performance.getMetrics');
  return (metrics.find((metric) => metric.name === 'JSHeapUsedSize')?.value ?? 0) / 1024 / 1024;
}

async function loadAll(page: Page): Promise<number> {
  const started = Date.now();
  const log = page.getByRole('log');
  while (!(await log.getByText('This is the start of the thread.').count())) {
    const button = log.getByRole('button', { name: 'Show earlier messages' });
    await button.click();
    await page.waitForFunction(() => {
      const { document } = globalThis as unknown as { document: { querySelector(selector: string): { disabled?: boolean } | null } };
      return !document.querySelector('[role="log"] .log-start button')?.disabled;
    });
  }
  return Date.now() - started;
}

async function main(resources: Resources): Promise<number> {
  await ensureBuild();
  await runToCompletion('build:web', process.execPath, ['apps/web/ensure-built.mts']);
  const size = entrySize();
  log(`entry: ${size.files.join(', ')}`);

  const environment = await createBenchEnvironment(resources);
  const baseUrl = await startApiAt(resources, environment);
  const api = new ApiClient(baseUrl);
  const [giulia, secretariat] = await Promise.all([api.tokenFor(SEEDED.bologna), api.tokenFor(SEEDED.secretariat)]);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  resources.defer('close Chromium', () => browser.close());

  const thread = await newThread(api, giulia, { forum: 'mobility' }, { title: 'Bench', body: 'opening' });
  const raw: Live = io(`${baseUrl}${LIVE_NAMESPACE}`, { path: '/socket.io', transports: ['websocket'], auth: { token: secretariat } });
  resources.defer('close raw socket', () => Promise.resolve(void raw.close()));
  await new Promise<void>((resolve, reject) => raw.once('connect', resolve).once('connect_error', reject));
  await raw.timeout(10_000).emitWithAck('thread:join', { threadId: thread });
  const [sender, receiver] = await Promise.all([
    signedInPage(browser, baseUrl, SEEDED.bologna),
    signedInPage(browser, baseUrl, SEEDED.leipzig),
  ]);
  await Promise.all([openThread(sender, thread, 'opening'), openThread(receiver, thread, 'opening')]);
  log(`sending ${MESSAGES} messages`);
  const latency = await sendToRender(sender, receiver, raw, thread);

  const long = await longThread(environment, api, giulia);
  const reader = await signedInPage(browser, baseUrl, SEEDED.leipzig);
  const firstRenderMs = await openThread(reader, long, `long ${LONG_THREAD}: a paragraph of a long discussion about tram priority.`);
  const heapOpenMb = await heapMb(reader);
  log(`loading all ${LONG_THREAD} messages`);
  const loadAllMs = await loadAll(reader);
  const heapAllMb = await heapMb(reader);
  const rows = await reader.locator('.message-row').count();

  const p = (values: number[]) => [ms(percentile(values, 50)), ms(percentile(values, 99))];
  process.stdout.write(
    [
      `bench:web — ${describeBuild()}, Chromium ${browser.version()}, ${latency.toRender.length} messages`,
      '',
      formatTable(
        [
          ['entry JavaScript (gzip)', 'value', 'budget'],
          ['entry module', `${size.entryKb.toFixed(1)} KB`, ''],
          ['entry + static imports', `${size.withImportsKb.toFixed(1)} KB`, `<= ${ENTRY_BUDGET_KB} KB`],
        ],
        1,
      ),
      '',
      formatTable(
        [
          ['from the sender’s Enter', 'p50', 'p99'],
          ['to the other browser’s render', ...p(latency.toRender)],
          ['to a raw socket.io-client (same room)', ...p(latency.toSocket)],
          [`what the UI adds (render - raw, per message; budget p99 <= ${UI_P99_BUDGET_MS} ms)`, ...p(latency.uiAdds)],
        ],
        1,
      ),
      '',
      formatTable(
        [
          [`thread of ${LONG_THREAD} messages`, 'value'],
          ['open -> newest message on screen', `${firstRenderMs} ms`],
          ['JS heap after opening (newest 50 held)', `${heapOpenMb.toFixed(1)} MB`],
          [`load all ${LONG_THREAD} (pages of 100)`, `${loadAllMs} ms`],
          ['JS heap with all held', `${heapAllMb.toFixed(1)} MB`],
          ['message rows in the DOM', String(rows)],
        ],
        1,
      ),
      '',
    ].join('\n'),
  );
  const met = size.withImportsKb <= ENTRY_BUDGET_KB && percentile(latency.uiAdds, 99) <= UI_P99_BUDGET_MS;
  return met ? 0 : 2;
}

runBench(main);
