import type { AuthUser, Role } from '@agora/platform';
import type { Membership } from '../membership.entity';
import type { WorkingGroup } from '../working-group.entity';

/**
 * The few fields the policies read, for their unit tests: a caller, a group and a membership.
 * Only the specs import this file (it is not exported by the lib's index).
 */
export const caller = (role: Role, city: string | null = null, id = 'u'): AuthUser => ({ id, role, city, sessionId: 's' });
export const groupOf = (visibility: 'public' | 'private') => ({ visibility }) as WorkingGroup;
export const membershipOf = (role: 'lead' | 'member', status: 'active' | 'pending') => ({ role, status }) as Membership;
