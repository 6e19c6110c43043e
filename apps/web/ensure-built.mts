// `npm test` drives the built client in Chromium: build it when dist/web is missing or older
// than the client's sources, and skip the build (seconds) when it is current.
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const INDEX = 'dist/web/index.html';

function newest(dir: string): number {
  return readdirSync(dir, { withFileTypes: true }).reduce((latest: number, entry) => {
    const path = join(dir, entry.name);
    return Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }, 0);
}

const inputs = Math.max(newest('apps/web/src'), newest('libs/contract/src'), statSync('apps/web/index.html').mtimeMs);
if (!existsSync(INDEX) || statSync(INDEX).mtimeMs < inputs) execSync('npm run build:web', { stdio: 'inherit' });
