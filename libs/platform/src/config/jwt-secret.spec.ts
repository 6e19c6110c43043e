import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
// The default import is the module object itself, so the spy below replaces what jwt-secret.ts calls.
import fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { Env, validateEnv } from './env';

const run = promisify(execFile);
const ROOT = resolve(__dirname, '../../../..');
const digest = (text: string) => createHash('sha256').update(text).digest('hex');

interface Starter {
  ready: Promise<void>;
  go(): void;
  digest: Promise<string>;
}

/**
 * A process that validates an environment without JWT_SECRET, as the api, the worker and
 * `db:migrate` each do, once told to go, and prints a digest of the secret it got (never the
 * secret itself). Loading takes seconds here, so the processes first say they are ready.
 */
function startProcess(secretFile: string): Starter {
  const script = `
    const { createHash } = require('node:crypto');
    const { validateEnv } = require(${JSON.stringify(join(__dirname, 'env.ts'))});
    process.stdout.write('ready\\n');
    process.stdin.once('data', () => {
      const env = validateEnv({ NODE_ENV: 'development', JWT_SECRET_FILE: ${JSON.stringify(secretFile)} });
      process.stdout.write(createHash('sha256').update(env.JWT_SECRET).digest('hex'));
      process.exit(0);
    });
  `;
  const child = spawn(join(ROOT, 'node_modules/.bin/tsx'), ['-e', script], { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] });
  let output = '';
  const ready = new Promise<void>((resolveReady) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.startsWith('ready\n')) resolveReady();
    });
  });
  const digest = new Promise<string>((resolveDigest, reject) =>
    child.once('exit', (code) => (code === 0 ? resolveDigest(output.slice('ready\n'.length).trim()) : reject(new Error(`exit ${code}`)))),
  );
  return { ready, go: () => child.stdin.write('go\n'), digest };
}

describe('the generated JWT secret (JWT_SECRET unset)', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(join(tmpdir(), 'agora-jwt-secret-'));
  });
  afterEach(() => {
    jest.restoreAllMocks();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('is 256 random bits kept in a file only its owner may read, and the same on every later start', () => {
    const file = join(dir, 'var', 'jwt-secret');
    const first = validateEnv({ JWT_SECRET_FILE: file }).JWT_SECRET;
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(validateEnv({ JWT_SECRET_FILE: file }).JWT_SECRET).toBe(first);
    expect(validateEnv({ JWT_SECRET_FILE: join(dir, 'other') }).JWT_SECRET).not.toBe(first);
  });

  it("is the winner's for a process that found no file but lost the race to create it", () => {
    const file = join(dir, 'jwt-secret');
    const winner = 'w'.repeat(64);
    const openSync = fs.openSync;
    // Another process creates the file between this one's look and its own write.
    jest.spyOn(fs, 'openSync').mockImplementationOnce((...args: Parameters<typeof fs.openSync>) => {
      fs.writeFileSync(file, `${winner}\n`);
      return openSync(...args);
    });
    expect(validateEnv({ JWT_SECRET_FILE: file }).JWT_SECRET).toBe(winner);
    expect(fs.readdirSync(dir)).toEqual(['jwt-secret']);
  });

  it('refuses a file that holds too short a secret, naming it', () => {
    const file = join(dir, 'jwt-secret');
    fs.writeFileSync(file, 'short\n');
    expect(() => validateEnv({ JWT_SECRET_FILE: file })).toThrow(
      `Invalid configuration: JWT_SECRET_FILE ${file} holds fewer than 32 characters`,
    );
  });

  it('is the same for processes started together (the api and the worker agree)', async () => {
    const file = join(dir, 'var', 'jwt-secret');
    const processes = [1, 2].map(() => startProcess(file));
    await Promise.all(processes.map((started) => started.ready));
    processes.forEach((started) => started.go());
    const digests = await Promise.all(processes.map((started) => started.digest));
    expect(new Set(digests).size).toBe(1);
    expect(digests[0]).toBe(digest(fs.readFileSync(file, 'utf8').trim()));
  }, 60_000);

  it('is written under var/, which git ignores, so it is never committed', async () => {
    const { stdout } = await run('git', ['check-ignore', '--no-index', 'var/jwt-secret'], { cwd: ROOT });
    expect(stdout.trim()).toBe('var/jwt-secret');
    expect(new Env().JWT_SECRET_FILE).toBe('var/jwt-secret');
  });
});
