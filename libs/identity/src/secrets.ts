import { createHash, randomBytes } from 'node:crypto';
import * as argon2 from 'argon2';

/** A fresh 256-bit token for links and refresh tokens, URL-safe. */
export const newToken = (): string => randomBytes(32).toString('base64url');

export const sha256 = (token: string): string => createHash('sha256').update(token).digest('hex');

/** argon2id with the library's defaults (64 MiB, t=3, p=4): OWASP's recommended floor or above. */
export const hashPassword = (password: string): Promise<string> => argon2.hash(password, { type: argon2.argon2id });

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}
