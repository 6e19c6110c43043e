import { caller, groupOf, membershipOf } from '../../forums/src/testing/policy-fixtures';
import { DiscussionsPolicy } from './discussions.policy';

const officer = caller('member', 'oslo');
const lead = membershipOf('lead', 'active');
const member = membershipOf('member', 'active');

describe('DiscussionsPolicy', () => {
  it.each([
    ["a forum's own thread, any officer", officer, null, null, true],
    ["a group's thread, an officer who is not in it", officer, groupOf('public'), null, false],
    ["a group's thread, a pending requester", officer, groupOf('private'), membershipOf('member', 'pending'), false],
    ["a group's thread, an active member", officer, groupOf('private'), member, true],
    ["a group's thread, the secretariat", caller('secretariat'), groupOf('private'), null, true],
  ])('canPost: %s', (_case, who, group, membership, expected) => {
    expect(DiscussionsPolicy.canPost(who, group, membership)).toBe(expected);
  });

  it.each([
    ["a forum's own thread, an officer", officer, null, null, false],
    ["a forum's own thread, the staff", caller('admin'), null, null, true],
    ["a group's thread, its active lead", officer, groupOf('public'), lead, true],
    ["a group's thread, a lead still pending", officer, groupOf('public'), membershipOf('lead', 'pending'), false],
    ["a group's thread, a member", officer, groupOf('public'), member, false],
    ["a group's thread, the secretariat", caller('secretariat'), groupOf('public'), null, true],
  ])('canModerate: %s', (_case, who, group, membership, expected) => {
    expect(DiscussionsPolicy.canModerate(who, group, membership)).toBe(expected);
  });
});
