import { AuthUser, Role } from '@agora/platform';

/** Who may invite whom: admins anyone, the secretariat members and colleagues, members no one. */
export function mayInvite(inviter: AuthUser, role: Role): boolean {
  switch (inviter.role) {
    case 'admin':
      return true;
    case 'secretariat':
      return role !== 'admin';
    case 'member':
      return false;
  }
}
