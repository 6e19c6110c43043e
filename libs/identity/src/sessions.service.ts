import { Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { EntityManager } from '@mikro-orm/postgresql';
import type Redis from 'ioredis';
import { v7 } from 'uuid';
import { AccessTokensService, Env, FailureLimiter, lockForTransaction, REDIS, runSql } from '@agora/platform';
import { SessionView, TokenPair } from './dto/identity.dto';
import { claimRefreshToken, sessionIsOpen } from './identity.queries';
import { RefreshToken } from './refresh-token.entity';
import { hashPassword, newToken, sha256, verifyPassword } from './secrets';
import { User } from './user.entity';
import { toUserView } from './users.service';

const DAY_MS = 24 * 60 * 60 * 1000;
const MINUTE_MS = 60_000;

/** Sign-in sessions: access tokens plus rotating refresh tokens with reuse detection. */
@Injectable()
export class SessionsService {
  /** Verified against when the e-mail is unknown, so a miss takes as long as a wrong password. */
  private decoyHash?: Promise<string>;
  /** Failed sign-ins per account, known or not (OWASP ASVS 2.2.1), on top of the per-address limit. */
  private readonly loginFailures: FailureLimiter;

  constructor(
    private readonly em: EntityManager,
    private readonly accessTokens: AccessTokensService,
    private readonly config: ConfigService<Env, true>,
    @Inject(REDIS) redis: Redis,
  ) {
    const window = config.get('LOGIN_FAILURE_WINDOW_MINUTES', { infer: true }) * MINUTE_MS;
    this.loginFailures = new FailureLimiter(redis, 'login-failures', config.get('LOGIN_FAILURE_LIMIT', { infer: true }), window);
  }

  /**
   * Once an account's window holds its limit of failures, every attempt is a 429 until the window
   * ends, the right password included (else guessing would go on, told apart by the answer), and
   * alike for unknown e-mails. A success does not clear the failures counted before it.
   */
  async login(email: string, password: string): Promise<SessionView> {
    const normalized = email.trim().toLowerCase();
    const account = sha256(normalized);
    await this.loginFailures.attempt(account, 'Too many failed sign-ins for this account; retry later');
    const user = await this.em.findOne(User, { email: normalized }, { populate: ['city'] });
    const hash = user?.passwordHash ?? (await (this.decoyHash ??= hashPassword(newToken())));
    if (!(await verifyPassword(hash, password)) || !user) {
      throw new UnauthorizedException('E-mail or password is wrong');
    }
    await this.loginFailures.succeeded(account);
    return this.start(user);
  }

  /** Opens a new session (token family) for `user`. */
  async start(user: User): Promise<SessionView> {
    const tokens = await this.issue(this.em, user, v7());
    return { ...tokens, user: toUserView(user) };
  }

  /**
   * Exchanges a refresh token for a new pair. The exchange is a conditional UPDATE, so of two
   * concurrent refreshes with the same token exactly one wins; a token presented after it was
   * used revokes its whole family (someone else holds a copy). Refresh and logout take the
   * family's lock: otherwise a logout's UPDATE, whose snapshot predates the new token, would
   * revoke the family without it and leave the new token alive.
   */
  async refresh(refreshToken: string): Promise<TokenPair> {
    const token = await this.em.findOne(RefreshToken, { tokenHash: sha256(refreshToken) }, { populate: ['user', 'user.city'] });
    if (!token || token.revokedAt || token.expiresAt < new Date()) {
      throw new UnauthorizedException('The refresh token is invalid or expired; sign in again');
    }
    const pair = await this.em.transactional(async (em) => {
      await lockFamily(em, token.familyId);
      const claimed = await runSql(em, claimRefreshToken(token.id, token.familyId));
      if (claimed.length === 1) return this.issue(em, token.user, token.familyId);
      await revoke(em, token.familyId);
      return null;
    });
    if (!pair) throw new UnauthorizedException('The refresh token was already used or its session ended; every token of it is revoked');
    return pair;
  }

  async logout(sessionId: string): Promise<void> {
    await this.em.transactional(async (em) => {
      await lockFamily(em, sessionId);
      await revoke(em, sessionId);
    });
  }

  /** Whether the session is still open: not logged out, not revoked for reuse, not expired. */
  async isOpen(sessionId: string): Promise<boolean> {
    const [row] = await runSql<{ open: boolean }>(this.em, sessionIsOpen(sessionId));
    return row?.open === true;
  }

  private async issue(em: EntityManager, user: User, familyId: string): Promise<TokenPair> {
    const refreshToken = newToken();
    const ttlDays = this.config.get('JWT_REFRESH_TTL_DAYS', { infer: true });
    em.persist(new RefreshToken(em.getReference(User, user.id), familyId, sha256(refreshToken), new Date(Date.now() + ttlDays * DAY_MS)));
    await em.flush();
    const accessToken = this.accessTokens.sign({ id: user.id, role: user.role, city: user.city?.slug ?? null, sessionId: familyId });
    return { accessToken, refreshToken };
  }
}

/** Orders refreshes and revocations of one family (held until the transaction ends). */
async function lockFamily(em: EntityManager, familyId: string): Promise<void> {
  await lockForTransaction(em, `refresh-family:${familyId}`);
}

async function revoke(em: EntityManager, familyId: string): Promise<void> {
  await em.nativeUpdate(RefreshToken, { familyId, revokedAt: null }, { revokedAt: new Date() });
}
