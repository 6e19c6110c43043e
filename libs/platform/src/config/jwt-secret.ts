import { createHash, randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, linkSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * SHA-256 of every JWT secret that was ever published (the old development default in env.ts and
 * the one in docker/compose.yml). Anyone can sign tokens with them, so they are refused even when
 * set on purpose; only their hashes are kept, so the repository holds no usable secret.
 */
const PUBLISHED_SECRET_HASHES = new Set([
  'ee02ba6382bef3f6de6cb347601613be70e3d9498e86c79f7ca878e22d059300',
  'fe56e5c8c0f21d9b67594a7524d31ab45126bef495e716a57e2f062d529cca46',
]);

export const isPublishedSecret = (secret: string): boolean => PUBLISHED_SECRET_HASHES.has(sha256(secret));

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/**
 * The secret kept in `path`, created (256 random bits) when the file does not exist yet. Processes
 * started together (the api, the worker, `db:migrate`) must end up with the same secret, so each
 * writes a private temporary file and links it into place: link() fails when the name exists, so
 * exactly one file wins, is complete when it appears, and every loser reads the winner's.
 */
export function loadOrCreateSecret(path: string): string {
  const existing = readSecret(path);
  if (existing) return existing;
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const temporary = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  writePrivateFile(temporary, randomBytes(32).toString('hex'));
  try {
    linkSync(temporary, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    unlinkSync(temporary);
  }
  const secret = readSecret(path);
  if (!secret) throw new Error(`${path} holds no secret`);
  return secret;
}

function readSecret(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8').trim() || undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function writePrivateFile(path: string, content: string): void {
  const fd = openSync(path, 'wx', 0o600);
  try {
    writeSync(fd, `${content}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
