import { AuthUser, isStaff } from '@agora/platform';
import { Membership, WorkingGroup } from '@agora/forums';

/**
 * Who may do what in discussions. Reading follows the group's visibility (checked by the forums
 * context: an invisible group is a 404). `group` is null for a thread in the forum itself.
 */
export const DiscussionsPolicy = {
  /** Forum threads: every signed-in user. Group threads: its active members and the staff. */
  canPost(user: AuthUser, group: WorkingGroup | null, membership: Membership | null): boolean {
    return group === null || isStaff(user) || membership?.status === 'active';
  },

  /** Editing or deleting others' messages: the staff, and the group's lead in its threads. */
  canModerate(user: AuthUser, group: WorkingGroup | null, membership: Membership | null): boolean {
    return isStaff(user) || (group !== null && membership?.status === 'active' && membership.role === 'lead');
  },
};
