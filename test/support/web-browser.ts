import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { DEV_PASSWORD } from './api-client';
import { TestEnv } from './test-env';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * The built client served by a real API (and a worker) on its own database, driven by Debian's
 * Chromium. The API listens on a port chosen first, so PUBLIC_URL and the socket origin check
 * name the address the browser uses.
 */
export class WebHarness {
  private constructor(
    readonly env: TestEnv,
    readonly baseUrl: string,
    readonly browser: Browser,
  ) {}

  static async start(): Promise<WebHarness> {
    if (!existsSync('dist/web/index.html')) throw new Error('dist/web is missing: npm test builds it first (npm run build:web)');
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const env = await TestEnv.create({ PUBLIC_URL: baseUrl, CORS_ORIGINS: baseUrl });
    const { createApiApp } = await import('../../apps/api/src/bootstrap');
    const app = await createApiApp();
    await app.listen({ port, host: '127.0.0.1' });
    env.apps.push(app);
    await env.startWorker();
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    return new WebHarness(env, baseUrl, browser);
  }

  async close(): Promise<void> {
    await this.browser?.close();
    await this.env?.close();
  }

  /** A fresh browser profile (no cookies), English unless told otherwise. */
  async context(
    options: { locale?: string; width?: number; reducedMotion?: 'reduce'; colorScheme?: 'dark' | 'light' } = {},
  ): Promise<BrowserContext> {
    return this.browser.newContext({
      baseURL: this.baseUrl,
      locale: options.locale ?? 'en-GB',
      timezoneId: 'Europe/Brussels',
      viewport: { width: options.width ?? 1280, height: 800 },
      reducedMotion: options.reducedMotion,
      colorScheme: options.colorScheme,
    });
  }

  async page(options: Parameters<WebHarness['context']>[0] = {}): Promise<Page> {
    return (await this.context(options)).newPage();
  }
}

/** Signs in through the form, as a person would, and waits for the home page. */
export async function signIn(page: Page, email: string, password = DEV_PASSWORD): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.pathname !== '/sign-in');
}

/** axe over the page as it is now (WCAG 2.1 A and AA); returns the violations, readable in a failed expectation. */
export async function axeViolations(page: Page): Promise<{ id: string; help: string; targets: string[] }[]> {
  // The digest preview is a sandboxed frame (no scripts): axe cannot run inside it and waits for it
  // forever. Its content is the mail's HTML, built for mail clients, not a page of the app.
  const { violations } = await new AxeBuilder({ page }).withTags(WCAG_TAGS).exclude('iframe.digest-preview').analyze();
  return violations.map((violation) => ({
    id: violation.id,
    help: violation.help,
    targets: violation.nodes.map((node) => node.target.join(' ')),
  }));
}

// The evaluated code runs in the browser; it is a string because the tests compile without the DOM library.

/** True when the page scrolls sideways (content wider than the viewport). */
export function scrollsSideways(page: Page): Promise<boolean> {
  return page.evaluate<boolean>('document.documentElement.scrollWidth > document.documentElement.clientWidth');
}

/** The focused element: its tag, name attribute and text. */
export function focused(page: Page): Promise<{ tag: string; name: string | null; text: string }> {
  return page.evaluate(
    '({ tag: document.activeElement.tagName, name: document.activeElement.getAttribute("name"), text: document.activeElement.textContent })',
  );
}

/** What scripts of the page can read of its cookies. */
export function scriptCookies(page: Page): Promise<string> {
  return page.evaluate<string>('document.cookie');
}
