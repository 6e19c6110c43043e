import { Injectable, UnauthorizedException } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { EntityManager } from '@mikro-orm/postgresql';
import { v7 } from 'uuid';
import { AccessTokensService, Env } from '@agora/platform';
import { SessionView, TokenPair } from './dto/identity.dto';
import { RefreshToken } from './refresh-token.entity';
import { hashPassword, newToken, sha256, verifyPassword } from './secrets';
import { User } from './user.entity';
import { toUserView } from './users.service';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Sign-in sessions: access tokens plus rotating refresh tokens with reuse detection. */
@Injectable()
export class SessionsService {
  /** Verified against when the e-mail is unknown, so a miss takes as long as a wrong password. */
  private decoyHash?: Promise<string>;

  constructor(
    private readonly em: EntityManager,
    private readonly accessTokens: AccessTokensService,
    private readonly config: ConfigService<Env, true>,
  ) {}

  async login(email: string, password: string): Promise<SessionView> {
    const user = await this.em.findOne(User, { email: email.trim().toLowerCase() }, { populate: ['city'] });
    const hash = user?.passwordHash ?? (await (this.decoyHash ??= hashPassword(newToken())));
    if (!(await verifyPassword(hash, password)) || !user) {
      throw new UnauthorizedException('E-mail or password is wrong');
    }
    return this.start(user);
  }

  /** Opens a new session (token family) for `user`. */
  async start(user: User): Promise<SessionView> {
    const tokens = await this.issue(user, v7());
    return { ...tokens, user: toUserView(user) };
  }

  /**
   * Exchanges a refresh token for a new pair. The exchange is a conditional UPDATE, so of two
   * concurrent refreshes with the same token exactly one wins; a token presented after it was
   * used revokes its whole family (someone else holds a copy).
   */
  async refresh(refreshToken: string): Promise<TokenPair> {
    const token = await this.em.findOne(RefreshToken, { tokenHash: sha256(refreshToken) }, { populate: ['user', 'user.city'] });
    if (!token || token.revokedAt || token.expiresAt < new Date()) {
      throw new UnauthorizedException('The refresh token is invalid or expired; sign in again');
    }
    const claimed = await this.em.nativeUpdate(RefreshToken, { id: token.id, usedAt: null }, { usedAt: new Date() });
    if (claimed === 0) {
      await this.revokeFamily(token.familyId);
      throw new UnauthorizedException('The refresh token was already used; every session token of it is revoked');
    }
    return this.issue(token.user, token.familyId);
  }

  async logout(sessionId: string): Promise<void> {
    await this.revokeFamily(sessionId);
  }

  private async revokeFamily(familyId: string): Promise<void> {
    await this.em.nativeUpdate(RefreshToken, { familyId, revokedAt: null }, { revokedAt: new Date() });
  }

  private async issue(user: User, familyId: string): Promise<TokenPair> {
    const refreshToken = newToken();
    const ttlDays = this.config.get('JWT_REFRESH_TTL_DAYS', { infer: true });
    this.em.persist(new RefreshToken(user, familyId, sha256(refreshToken), new Date(Date.now() + ttlDays * DAY_MS)));
    await this.em.flush();
    const accessToken = this.accessTokens.sign({ id: user.id, role: user.role, city: user.city?.slug ?? null, sessionId: familyId });
    return { accessToken, refreshToken };
  }
}
