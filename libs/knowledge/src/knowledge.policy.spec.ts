import { caller, groupOf, membershipOf } from '../../forums/src/testing/policy-fixtures';
import { KnowledgePolicy } from './knowledge.policy';
import type { Post } from './post.entity';

const post = (status: Post['status'], authorId = 'author', inGroup = true) =>
  ({ status, author: { id: authorId }, workingGroup: inGroup ? groupOf('public') : null }) as Post;
const lead = membershipOf('lead', 'active');

describe('KnowledgePolicy', () => {
  it.each([
    ['the staff', caller('secretariat'), post('draft'), null, [], true],
    ["the group's active lead", caller('member', 'oslo'), post('draft'), lead, [], true],
    ['a lead still pending', caller('member', 'oslo'), post('draft'), membershipOf('lead', 'pending'), [], false],
    ["a lead, for a forum's own post (no group to lead)", caller('member', 'oslo'), post('draft', 'author', false), lead, [], false],
    ["the forum's chair city", caller('member', 'bologna'), post('draft'), null, ['bologna'], true],
    ['another officer', caller('member', 'leipzig'), post('draft'), membershipOf('member', 'active'), ['bologna'], false],
  ])('isReviewer: %s', (_case, who, what, membership, chairs, expected) => {
    expect(KnowledgePolicy.isReviewer(who, what, membership, chairs)).toBe(expected);
  });

  it('canSee: a draft by its author and the reviewers only; published and archived posts by all', () => {
    const reader = caller('member', 'leipzig', 'reader');
    expect(KnowledgePolicy.canSee(reader, post('draft'), false)).toBe(false);
    expect(KnowledgePolicy.canSee(caller('member', 'oslo', 'author'), post('draft'), false)).toBe(true);
    expect(KnowledgePolicy.canSee(reader, post('draft'), true)).toBe(true);
    expect(KnowledgePolicy.canSee(reader, post('published'), false)).toBe(true);
    expect(KnowledgePolicy.canSee(reader, post('archived'), false)).toBe(true);
  });

  it('canCreate: in a group its active members; in a forum any officer of a city; the staff anywhere', () => {
    const officer = caller('member', 'oslo');
    expect(KnowledgePolicy.canCreate(officer, groupOf('public'), membershipOf('member', 'active'))).toBe(true);
    expect(KnowledgePolicy.canCreate(officer, groupOf('public'), membershipOf('member', 'pending'))).toBe(false);
    expect(KnowledgePolicy.canCreate(officer, null, null)).toBe(true);
    expect(KnowledgePolicy.canCreate(caller('member', null), null, null)).toBe(false);
    expect(KnowledgePolicy.canCreate(caller('admin'), groupOf('private'), null)).toBe(true);
  });

  it('canEdit: the author and the reviewers', () => {
    expect(KnowledgePolicy.canEdit(caller('member', 'oslo', 'author'), post('published'), false)).toBe(true);
    expect(KnowledgePolicy.canEdit(caller('member', 'oslo', 'other'), post('published'), false)).toBe(false);
    expect(KnowledgePolicy.canEdit(caller('member', 'oslo', 'other'), post('published'), true)).toBe(true);
  });
});
