import { AuthUser, Role, ROLES } from '@agora/platform';
import { mayInvite } from './identity.policy';

const as = (role: Role): AuthUser => ({ id: 'u', role, city: null, sessionId: 's' });

describe('mayInvite', () => {
  it.each([
    ['admin', ['admin', 'secretariat', 'member']],
    ['secretariat', ['secretariat', 'member']],
    ['member', []],
  ] as const)('%s may invite %j', (inviter, allowed) => {
    for (const role of ROLES) expect(mayInvite(as(inviter), role)).toBe((allowed as readonly Role[]).includes(role));
  });
});
