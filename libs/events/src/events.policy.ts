import { AuthUser, isStaff } from '@agora/platform';
import { Membership } from '@agora/forums';
import { EventKind, NETWORK_KINDS } from './calendar-event.entity';

/**
 * Who may do what with events, in one place. Seeing a working-group meeting follows the group's
 * visibility (the forums context answers 404 for a private group the caller is not in).
 */
export const EventsPolicy = {
  /** Network meetings: the staff. Forum meetings: also the forum's chair city. Group meetings: also the group's lead. */
  canCreate(user: AuthUser, kind: EventKind, chairCities: string[], membership: Membership | null): boolean {
    if (isStaff(user)) return true;
    if (NETWORK_KINDS.includes(kind)) return false;
    if (kind === 'forum-meeting') return user.city !== null && chairCities.includes(user.city);
    return membership?.status === 'active' && membership.role === 'lead';
  },

  /** The Executive Committee planning view is the secretariat's. */
  canSeePlanning(user: AuthUser): boolean {
    return isStaff(user);
  },
};
