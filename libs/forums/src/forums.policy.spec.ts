import { ForumsPolicy } from './forums.policy';
import { caller as user, groupOf as group, membershipOf as membership } from './testing/policy-fixtures';

describe('ForumsPolicy', () => {
  it.each([
    ['a public group, anyone', user('member'), group('public'), null, true],
    ['a private group, a stranger', user('member'), group('private'), null, false],
    ['a private group, a pending requester', user('member'), group('private'), membership('member', 'pending'), false],
    ['a private group, an active member', user('member'), group('private'), membership('member', 'active'), true],
    ['a private group, the secretariat', user('secretariat'), group('private'), null, true],
    ['a private group, an admin', user('admin'), group('private'), null, true],
  ])('canSeeGroup: %s', (_case, who, what, mine, expected) => {
    expect(ForumsPolicy.canSeeGroup(who, what, mine)).toBe(expected);
  });

  it('canCreateGroup: the staff and officers of a current chair city', () => {
    expect(ForumsPolicy.canCreateGroup(user('secretariat'), [])).toBe(true);
    expect(ForumsPolicy.canCreateGroup(user('member', 'leipzig'), ['leipzig'])).toBe(true);
    expect(ForumsPolicy.canCreateGroup(user('member', 'bologna'), ['leipzig'])).toBe(false);
    expect(ForumsPolicy.canCreateGroup(user('member', null), [])).toBe(false);
  });

  it('canManageGroup: an active lead and the staff, not a pending lead', () => {
    expect(ForumsPolicy.canManageGroup(user('member'), membership('lead', 'active'))).toBe(true);
    expect(ForumsPolicy.canManageGroup(user('member'), membership('lead', 'pending'))).toBe(false);
    expect(ForumsPolicy.canManageGroup(user('member'), membership('member', 'active'))).toBe(false);
    expect(ForumsPolicy.canManageGroup(user('admin'), null)).toBe(true);
  });
});
