import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AuthUser, Role } from './auth-user';

export const IS_PUBLIC = 'agora:public';
export const REQUIRED_ROLES = 'agora:roles';

/** The route answers anonymous callers (sign-in, invitation acceptance, unsubscribe, health, docs). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** Only these platform roles may call the route; everyone else gets 403. */
export const Roles = (...roles: Role[]) => SetMetadata(REQUIRED_ROLES, roles);

export type AuthenticatedRequest = FastifyRequest & { user: AuthUser };

export const CurrentUser = createParamDecorator(
  (_data: unknown, context: ExecutionContext): AuthUser => context.switchToHttp().getRequest<AuthenticatedRequest>().user,
);

export const AUTH_THROTTLED = 'agora:auth-throttled';

/** The route is a credential check (sign-in, refresh): it gets the stricter AUTH_RATE_LIMIT_PER_MINUTE. */
export const AuthThrottled = () => SetMetadata(AUTH_THROTTLED, true);
