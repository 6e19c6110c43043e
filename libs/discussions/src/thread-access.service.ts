import { Injectable, NotFoundException } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { AuthUser } from '@agora/platform';
import { Membership, WorkingGroup, WorkingGroupsService } from '@agora/forums';
import { DiscussionsPolicy } from './discussions.policy';
import { Thread } from './thread.entity';

/** What the caller may do in a thread they can see. */
export interface ThreadAccess {
  thread: Thread;
  group: WorkingGroup | null;
  membership: Membership | null;
  canPost: boolean;
  canModerate: boolean;
}

@Injectable()
export class ThreadAccessService {
  constructor(
    private readonly em: EntityManager,
    private readonly groups: WorkingGroupsService,
  ) {}

  /**
   * Loads a thread with the caller's rights in it; 404 when they may not see it (a private
   * group's thread is exactly as invisible as the group). REST and the live gateway both use it.
   */
  async resolve(user: AuthUser, threadId: string): Promise<ThreadAccess> {
    const thread = await this.em.findOne(Thread, { id: threadId }, { populate: ['forum', 'workingGroup', 'author', 'author.city'] });
    if (!thread) throw new NotFoundException('No such thread');
    if (!thread.workingGroup) {
      return { thread, group: null, membership: null, canPost: true, canModerate: DiscussionsPolicy.canModerate(user, null, null) };
    }
    const { group, membership } = await this.groups.loadVisible(user, thread.workingGroup.id);
    return {
      thread,
      group,
      membership,
      canPost: DiscussionsPolicy.canPost(user, group, membership),
      canModerate: DiscussionsPolicy.canModerate(user, group, membership),
    };
  }
}
