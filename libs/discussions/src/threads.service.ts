import { ConflictException, ForbiddenException, Injectable } from '@nestjs/common';
import { EntityManager, FilterQuery } from '@mikro-orm/postgresql';
import { AuthUser, decodeCursor, Page, PageQuery, toPage, toRef } from '@agora/platform';
import { toPerson, User } from '@agora/identity';
import { ForumsService, WorkingGroupsService } from '@agora/forums';
import { DiscussionsPolicy } from './discussions.policy';
import { CreateThreadDto, ThreadView } from './dto/discussions.dto';
import { MessagesService } from './messages.service';
import { Thread } from './thread.entity';
import { ThreadAccessService } from './thread-access.service';

@Injectable()
export class ThreadsService {
  constructor(
    private readonly em: EntityManager,
    private readonly forums: ForumsService,
    private readonly groups: WorkingGroupsService,
    private readonly messages: MessagesService,
    private readonly threadAccess: ThreadAccessService,
  ) {}

  /** The forum's own threads (not its groups'), the most recently active first. */
  async listForForum(user: AuthUser, forumSlug: string, query: PageQuery): Promise<Page<ThreadView>> {
    const forum = await this.forums.getBySlug(forumSlug);
    return this.page({ forum, workingGroup: null }, query);
  }

  async listForGroup(user: AuthUser, groupId: string, query: PageQuery): Promise<Page<ThreadView>> {
    const { group } = await this.groups.loadVisible(user, groupId);
    return this.page({ workingGroup: group }, query);
  }

  async createInForum(user: AuthUser, forumSlug: string, dto: CreateThreadDto): Promise<ThreadView> {
    const forum = await this.forums.getBySlug(forumSlug);
    return this.create(user, new Thread(forum, null, dto.title.trim(), this.em.getReference(User, user.id)), dto);
  }

  async createInGroup(user: AuthUser, groupId: string, dto: CreateThreadDto): Promise<ThreadView> {
    const { group, membership } = await this.groups.loadVisible(user, groupId);
    if (!DiscussionsPolicy.canPost(user, group, membership)) throw new ForbiddenException('Join the working group to start a thread in it');
    return this.create(user, new Thread(group.forum, group, dto.title.trim(), this.em.getReference(User, user.id)), dto);
  }

  async view(user: AuthUser, threadId: string): Promise<ThreadView> {
    const { thread } = await this.threadAccess.resolve(user, threadId);
    return toThreadView(thread);
  }

  /** Removes a thread that was opened for something else that got its thread first (a lost race). */
  async discard(threadId: string): Promise<void> {
    await this.em.nativeDelete(Thread, { id: threadId });
  }

  /** Ids of the threads of a working group (to drop a removed member from their rooms). */
  async idsInGroup(groupId: string): Promise<string[]> {
    const threads = await this.em.find(Thread, { workingGroup: groupId }, { fields: ['id'] });
    return threads.map((thread) => thread.id);
  }

  private async create(user: AuthUser, thread: Thread, dto: CreateThreadDto): Promise<ThreadView> {
    await this.em.persist(thread).flush();
    const { created } = await this.messages.post(user, thread, { body: dto.body, clientMsgId: dto.clientMsgId ?? `thread-${thread.id}` });
    if (!created) {
      // The opening message's clientMsgId belongs to a message elsewhere: a thread without its body is no thread.
      await this.discard(thread.id);
      throw new ConflictException('That clientMsgId was used for another message of yours');
    }
    await this.em.refresh(thread);
    return toThreadView(thread);
  }

  private async page(where: FilterQuery<Thread>, query: PageQuery): Promise<Page<ThreadView>> {
    const after = decodeCursor(query.cursor);
    const before = after ? new Date(String(after[0])) : undefined;
    const rows = await this.em.find(
      Thread,
      before
        ? { $and: [where, { $or: [{ lastActivityAt: { $lt: before } }, { lastActivityAt: before, id: { $lt: after![1] } }] }] }
        : where,
      {
        populate: ['forum', 'workingGroup', 'author', 'author.city'],
        orderBy: { lastActivityAt: 'desc', id: 'desc' },
        limit: query.limit + 1,
      },
    );
    return toPage(rows, query.limit, (thread) => [thread.lastActivityAt.toISOString(), thread.id], toThreadView);
  }
}

export function toThreadView(thread: Thread): ThreadView {
  return {
    id: thread.id,
    forum: toRef(thread.forum),
    workingGroup: thread.workingGroup ? { id: thread.workingGroup.id, name: thread.workingGroup.name } : null,
    title: thread.title,
    author: toPerson(thread.author),
    lastSeq: thread.lastSeq,
    createdAt: thread.createdAt.toISOString(),
    lastActivityAt: thread.lastActivityAt.toISOString(),
  };
}
