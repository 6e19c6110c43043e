import { AuthUser, isStaff } from '@agora/platform';
import { Membership, WorkingGroup } from '@agora/forums';
import { Post } from './post.entity';

/**
 * Who may do what with best-practice posts, in one place. Seeing the working group at all is
 * checked first by the forums context (a private group's posts are a 404 like the group).
 * `chairCities` are the slugs of the post's forum's current chair cities.
 */
export const KnowledgePolicy = {
  /** Reviewers publish, send back and archive: the group's lead, the forum's chair city, the staff. */
  isReviewer(user: AuthUser, post: Pick<Post, 'workingGroup'>, membership: Membership | null, chairCities: string[]): boolean {
    if (isStaff(user)) return true;
    if (post.workingGroup && membership?.status === 'active' && membership.role === 'lead') return true;
    return user.city !== null && chairCities.includes(user.city);
  },

  /** Drafts exist only for their author and the reviewers; published and archived posts for all who see the group. */
  canSee(user: AuthUser, post: Post, reviewer: boolean): boolean {
    return post.status !== 'draft' || post.author.id === user.id || reviewer;
  },

  /** Writing in a group takes active membership; in a forum, any officer of a member city or the staff. */
  canCreate(user: AuthUser, group: WorkingGroup | null, membership: Membership | null): boolean {
    if (isStaff(user)) return true;
    if (user.city === null) return false;
    return group === null || membership?.status === 'active';
  },

  /** The author and the reviewers edit (a published post gets a new revision); archived posts are frozen. */
  canEdit(user: AuthUser, post: Post, reviewer: boolean): boolean {
    return post.author.id === user.id || reviewer;
  },
};
