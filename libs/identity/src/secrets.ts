import { createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import * as argon2 from 'argon2';

/** A fresh 256-bit token for links and refresh tokens, URL-safe. */
export const newToken = (): string => randomBytes(32).toString('base64url');

/**
 * The key of invitation tokens: derived from the app's secret for this one purpose (HKDF), so
 * that it signs nothing else and nothing signed with the secret is an invitation token.
 */
export const invitationKey = (secret: string): Buffer => Buffer.from(hkdfSync('sha256', secret, '', 'agora:invitation-token', 32));

/**
 * The token of an invitation's link. Derived rather than random so that the worker can rebuild
 * the link from the database when it sends the mail: no queue, log or event needs to carry it.
 * The per-invitation random salt (stored in the row) makes it unguessable from the id alone.
 */
export const invitationToken = (key: Buffer, invitationId: string, salt: string): string =>
  createHmac('sha256', key).update(`invitation:${invitationId}:${salt}`).digest('base64url');

/** The salt of an invitation token: 128 random bits. */
export const newSalt = (): string => randomBytes(16).toString('base64url');

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
