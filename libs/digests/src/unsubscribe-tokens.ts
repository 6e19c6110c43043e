import { BadRequestException, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';

const PURPOSE = 'unsubscribe';
const LIFETIME = '120d';

/**
 * The signed token of the unsubscribe link: who, and nothing else. It works without cookies or
 * sign-in (mail clients POST it for one-click unsubscribe), and lives long enough for old mails.
 */
@Injectable()
export class UnsubscribeTokens {
  constructor(private readonly jwt: JwtService) {}

  issue(userId: string): string {
    return this.jwt.sign({ sub: userId, purpose: PURPOSE }, { expiresIn: LIFETIME });
  }

  /** The user id of a valid token; 400 for a forged, expired or foreign one. */
  verify(token: string | undefined): string {
    try {
      const claims = this.jwt.verify<{ sub?: unknown; purpose?: unknown }>(token ?? '');
      if (claims.purpose === PURPOSE && typeof claims.sub === 'string') return claims.sub;
    } catch {
      // fall through to the one answer for every bad token
    }
    throw new BadRequestException('This unsubscribe link is not valid (it may have expired); change your digest settings on Agora instead');
  }
}
