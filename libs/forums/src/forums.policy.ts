import { AuthUser, isStaff } from '@agora/platform';
import { Membership } from './membership.entity';
import { WorkingGroup } from './working-group.entity';

/**
 * Who may do what in forums and working groups, in one place. `membership` is the caller's
 * membership of the group (or null); `chairCities` the slugs of the forum's current chair cities.
 */
export const ForumsPolicy = {
  /** Private groups do not exist (404) for anyone but their active members and the staff. */
  canSeeGroup(user: AuthUser, group: WorkingGroup, membership: Membership | null): boolean {
    return group.visibility === 'public' || isStaff(user) || membership?.status === 'active';
  },

  canCreateGroup(user: AuthUser, chairCities: string[]): boolean {
    return isStaff(user) || (user.city !== null && chairCities.includes(user.city));
  },

  /** Approving requests and removing members: the group's lead and the staff. */
  canManageGroup(user: AuthUser, membership: Membership | null): boolean {
    return isStaff(user) || (membership?.status === 'active' && membership.role === 'lead');
  },
};
