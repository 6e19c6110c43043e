import { Injectable, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AuthUser, ROLES, Role } from './auth-user';

interface AccessClaims {
  sub: string;
  role: Role;
  city: string | null;
  sid: string;
  exp?: number;
}

/** Signs and verifies the short-lived access tokens used by HTTP and socket.io alike. */
@Injectable()
export class AccessTokensService {
  constructor(private readonly jwt: JwtService) {}

  sign(user: AuthUser): string {
    const claims: AccessClaims = { sub: user.id, role: user.role, city: user.city, sid: user.sessionId };
    return this.jwt.sign(claims);
  }

  /** Returns the user and the token's expiry (ms since epoch); throws 401 for anything invalid. */
  verify(token: string): AuthUser & { expiresAt: number } {
    let claims: AccessClaims;
    try {
      claims = this.jwt.verify<AccessClaims>(token);
    } catch {
      throw new UnauthorizedException('The access token is missing, invalid or expired');
    }
    if (!ROLES.includes(claims.role) || typeof claims.sub !== 'string' || typeof claims.sid !== 'string') {
      throw new UnauthorizedException('The access token is malformed');
    }
    return { id: claims.sub, role: claims.role, city: claims.city ?? null, sessionId: claims.sid, expiresAt: (claims.exp ?? 0) * 1000 };
  }
}
