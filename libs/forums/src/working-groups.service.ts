import { BadRequestException, ConflictException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { EntityManager, FilterQuery } from '@mikro-orm/postgresql';
import { AuthUser, decodeCursor, DomainEventBus, isStaff, Page, PageQuery, runSql, Sql, toPage, toRef } from '@agora/platform';
import { MandatesService } from '@agora/network';
import { toPerson, User, UsersService } from '@agora/identity';
import { CreateWorkingGroupDto, MembershipView, WorkingGroupView } from './dto/forums.dto';
import { ForumsEvents } from './forums.events';
import { ForumsPolicy } from './forums.policy';
import { activeMemberCounts, deleteMembership, hiddenGroupIds, lockGroup, membershipState } from './forums.queries';
import { ForumsService } from './forums.service';
import { Membership } from './membership.entity';
import { WorkingGroup } from './working-group.entity';

const ANSWERED = 'That request has been answered already';

export interface JoinResult {
  /** true when the group is private and the lead has to approve first. */
  pending: boolean;
  membership: MembershipView;
}

@Injectable()
export class WorkingGroupsService {
  constructor(
    private readonly em: EntityManager,
    private readonly forums: ForumsService,
    private readonly mandates: MandatesService,
    private readonly users: UsersService,
    private readonly events: DomainEventBus,
  ) {}

  async listForForum(user: AuthUser, forumSlug: string, query: PageQuery): Promise<Page<WorkingGroupView>> {
    const forum = await this.forums.getBySlug(forumSlug);
    const visible: FilterQuery<WorkingGroup> = isStaff(user)
      ? { forum }
      : { forum, $or: [{ visibility: 'public' }, { id: { $in: await this.activeGroupIds(user.id) } }] };
    const after = decodeCursor(query.cursor);
    const where: FilterQuery<WorkingGroup> = after
      ? { $and: [visible, { $or: [{ name: { $gt: String(after[0]) } }, { name: String(after[0]), id: { $gt: after[1] } }] }] }
      : visible;
    const rows = await this.em.find(WorkingGroup, where, {
      populate: ['forum'],
      orderBy: { name: 'asc', id: 'asc' },
      limit: query.limit + 1,
    });
    const page = toPage(
      rows,
      query.limit,
      (group) => [group.name, group.id],
      (group) => group,
    );
    return { items: await this.toViews(user, page.items), nextCursor: page.nextCursor };
  }

  async create(user: AuthUser, forumSlug: string, dto: CreateWorkingGroupDto): Promise<WorkingGroupView> {
    const forum = await this.forums.getBySlug(forumSlug);
    const chairs = await this.mandates.currentHolders('forum-chair', forum.slug);
    if (
      !ForumsPolicy.canCreateGroup(
        user,
        chairs.map((city) => city.slug),
      )
    ) {
      throw new ForbiddenException(`Only the secretariat and officers of the ${forum.name} Forum's chair city may create working groups`);
    }
    const lead = dto.leadEmail ? await this.users.findByEmail(dto.leadEmail) : await this.users.get(user.id);
    if (!lead) throw new BadRequestException(`No user with e-mail ${dto.leadEmail} to lead the group`);
    if (await this.em.count(WorkingGroup, { forum, name: dto.name })) {
      throw new ConflictException(`The ${forum.name} Forum has a working group named "${dto.name}" already`);
    }
    const group = new WorkingGroup(forum, dto.name.trim(), dto.description, dto.visibility);
    this.em.persist([group, new Membership(group, lead, 'lead', 'active')]);
    await this.em.flush();
    return (await this.toViews(user, [group]))[0];
  }

  async view(user: AuthUser, id: string): Promise<WorkingGroupView> {
    const { group } = await this.loadVisible(user, id);
    return (await this.toViews(user, [group]))[0];
  }

  /**
   * A group the caller may see, else 404. Used by the contexts above (threads, posts) so that a
   * private group's content is exactly as invisible as the group.
   */
  async loadVisible(user: AuthUser, id: string): Promise<{ group: WorkingGroup; membership: Membership | null }> {
    const group = await this.em.findOne(WorkingGroup, { id }, { populate: ['forum'] });
    const membership = group ? await this.em.findOne(Membership, { workingGroup: group, user: user.id }) : null;
    if (!group || !ForumsPolicy.canSeeGroup(user, group, membership)) throw new NotFoundException('No such working group');
    return { group, membership };
  }

  /** Public groups: member at once. Private: a pending request (the group need not be visible yet). */
  async join(user: AuthUser, id: string): Promise<JoinResult> {
    const group = await this.em.findOne(WorkingGroup, { id }, { populate: ['forum'] });
    if (!group) throw new NotFoundException('No such working group');
    const status = group.visibility === 'public' ? 'active' : 'pending';
    await this.em
      .createQueryBuilder(Membership)
      .insert(new Membership(group, this.em.getReference(User, user.id), 'member', status))
      .onConflict(['working_group_id', 'user_id'])
      .ignore()
      .execute();
    const membership = await this.em.findOneOrFail(Membership, { workingGroup: group, user: user.id }, { populate: ['user', 'user.city'] });
    return { pending: membership.status === 'pending', membership: toMembershipView(membership) };
  }

  /**
   * Approving and declining change the request only while it is still pending (a conditional
   * statement), so that of an approval and a decline racing (two leads, a lead and the staff)
   * exactly one wins: a decline must not delete a membership just approved.
   */
  async approve(user: AuthUser, groupId: string, requestId: string): Promise<MembershipView> {
    const request = await this.managedRequest(user, groupId, requestId);
    const approved = await this.em.nativeUpdate(
      Membership,
      { id: request.id, status: 'pending' },
      { status: 'active', approvedAt: new Date() },
    );
    if (!approved) throw new ConflictException(ANSWERED);
    await this.em.refresh(request);
    return toMembershipView(request);
  }

  async decline(user: AuthUser, groupId: string, requestId: string): Promise<void> {
    const request = await this.managedRequest(user, groupId, requestId);
    if (!(await this.em.nativeDelete(Membership, { id: request.id, status: 'pending' }))) throw new ConflictException(ANSWERED);
  }

  /** Leaves the group, or withdraws a pending request to join it. */
  async leave(user: AuthUser, groupId: string): Promise<void> {
    const membership = await this.em.findOne(Membership, { workingGroup: groupId, user: user.id }, { populate: ['workingGroup'] });
    if (!membership) throw new NotFoundException('You are not a member of this working group');
    await this.removeMembership(membership.workingGroup, membership);
  }

  async removeMember(user: AuthUser, groupId: string, memberId: string): Promise<void> {
    const { group, membership } = await this.loadVisible(user, groupId);
    if (!ForumsPolicy.canManageGroup(user, membership))
      throw new ForbiddenException("Only the group's lead and the secretariat may remove members");
    const target = await this.em.findOne(Membership, { workingGroup: group, user: memberId });
    if (!target) throw new NotFoundException('That user is not a member of this working group');
    await this.removeMembership(group, target);
  }

  async members(user: AuthUser, groupId: string, query: PageQuery): Promise<Page<MembershipView>> {
    const { group } = await this.loadVisible(user, groupId);
    return this.membershipPage({ workingGroup: group, status: 'active' }, query);
  }

  async joinRequests(user: AuthUser, groupId: string, query: PageQuery): Promise<Page<MembershipView>> {
    const { group, membership } = await this.loadVisible(user, groupId);
    if (!ForumsPolicy.canManageGroup(user, membership))
      throw new ForbiddenException("Only the group's lead and the secretariat see join requests");
    return this.membershipPage({ workingGroup: group, status: 'pending' }, query);
  }

  /** Ids of the groups in which the user is an active member. */
  async activeGroupIds(userId: string): Promise<string[]> {
    const memberships = await this.em.find(Membership, { user: userId, status: 'active' }, { fields: ['workingGroup'] });
    return memberships.map((membership) => membership.workingGroup.id);
  }

  /** Ids of a group's active members (a thread's audience, for mentions and unread counts). */
  async activeMemberIds(groupId: string): Promise<string[]> {
    const memberships = await this.em.find(Membership, { workingGroup: groupId, status: 'active' }, { fields: ['user'] });
    return memberships.map((membership) => membership.user.id);
  }

  /** The groups each of these users is an active member of (one query for all of them). */
  async activeGroupsOf(userIds: string[]): Promise<Map<string, string[]>> {
    const memberships = userIds.length
      ? await this.em.find(Membership, { user: { $in: userIds }, status: 'active' }, { fields: ['user', 'workingGroup'] })
      : [];
    const byUser = new Map<string, string[]>();
    for (const m of memberships) byUser.set(m.user.id, [...(byUser.get(m.user.id) ?? []), m.workingGroup.id]);
    return byUser;
  }

  /** Names of groups, by id. */
  async namesOf(groupIds: string[]): Promise<Map<string, string>> {
    const groups = groupIds.length ? await this.em.find(WorkingGroup, { id: { $in: groupIds } }, { fields: ['name'] }) : [];
    return new Map(groups.map((group) => [group.id, group.name]));
  }

  /** Ids of the groups the user leads (reviewers of the group's best-practice posts). */
  async ledGroupIds(userId: string): Promise<string[]> {
    const memberships = await this.em.find(Membership, { user: userId, status: 'active', role: 'lead' }, { fields: ['workingGroup'] });
    return memberships.map((membership) => membership.workingGroup.id);
  }

  /**
   * Ids of the private groups the caller may not see (empty for the staff). Lists and search in
   * the contexts above exclude these, so private content is not even counted.
   */
  async hiddenGroupIds(user: AuthUser): Promise<string[]> {
    const hidden = this.hiddenGroups(user);
    if (!hidden) return [];
    const rows = await runSql<{ id: string }>(this.em, hidden);
    return rows.map((row) => row.id);
  }

  /** The same as SQL to embed in another read (a subquery of ids), or null when nothing is hidden (the staff). */
  hiddenGroups(user: AuthUser): Sql | null {
    return isStaff(user) ? null : hiddenGroupIds(user.id);
  }

  /**
   * Removes under the group's row lock, so that removals of leads are serialized: two leads
   * leaving at once would otherwise each count the other and leave the group without a lead.
   */
  private async removeMembership(group: WorkingGroup, membership: Membership): Promise<void> {
    const removed = await this.em.transactional(async (em) => {
      await runSql(em, lockGroup(group.id));
      const [current] = await runSql<Pick<Membership, 'role' | 'status'>>(em, membershipState(membership.id));
      // Gone already: a concurrent removal of the same membership won.
      if (!current) return null;
      if (
        current.role === 'lead' &&
        current.status === 'active' &&
        (await em.count(Membership, { workingGroup: group.id, role: 'lead', status: 'active' })) <= 1
      ) {
        throw new ConflictException('The group needs a lead: appoint another lead first');
      }
      await runSql(em, deleteMembership(membership.id));
      return current;
    });
    if (removed?.status === 'active') {
      this.events.emit(ForumsEvents.MemberLeft, { workingGroupId: group.id, userId: membership.user.id });
    }
  }

  private async managedRequest(user: AuthUser, groupId: string, requestId: string): Promise<Membership> {
    const { group, membership } = await this.loadVisible(user, groupId);
    if (!ForumsPolicy.canManageGroup(user, membership))
      throw new ForbiddenException("Only the group's lead and the secretariat may answer join requests");
    const request = await this.em.findOne(Membership, { id: requestId, workingGroup: group }, { populate: ['user', 'user.city'] });
    if (!request) throw new NotFoundException('No such join request');
    if (request.status !== 'pending') throw new ConflictException(ANSWERED);
    return request;
  }

  private async membershipPage(where: FilterQuery<Membership>, query: PageQuery): Promise<Page<MembershipView>> {
    const after = decodeCursor(query.cursor);
    const rows = await this.em.find(Membership, after ? { $and: [where, { id: { $gt: after[1] } }] } : where, {
      populate: ['user', 'user.city'],
      orderBy: { id: 'asc' },
      limit: query.limit + 1,
    });
    return toPage(rows, query.limit, (membership) => [0, membership.id], toMembershipView);
  }

  /** Views for several groups with a fixed number of queries (leads, counts, the caller's memberships). */
  private async toViews(user: AuthUser, groups: WorkingGroup[]): Promise<WorkingGroupView[]> {
    if (!groups.length) return [];
    const ids = groups.map((group) => group.id);
    const [leads, counts, mine] = await Promise.all([
      this.em.find(Membership, { workingGroup: { $in: ids }, role: 'lead', status: 'active' }, { populate: ['user', 'user.city'] }),
      runSql<{ id: string; count: string }>(this.em, activeMemberCounts(ids)),
      this.em.find(Membership, { workingGroup: { $in: ids }, user: user.id }),
    ]);
    const countOf = new Map(counts.map((row) => [row.id, Number(row.count)]));
    return groups.map((group) => {
      const my = mine.find((membership) => membership.workingGroup.id === group.id);
      return {
        id: group.id,
        forum: toRef(group.forum),
        name: group.name,
        description: group.description,
        visibility: group.visibility,
        leads: leads.filter((lead) => lead.workingGroup.id === group.id).map((lead) => toPerson(lead.user)),
        memberCount: countOf.get(group.id) ?? 0,
        membership: my ? { role: my.role, status: my.status } : null,
        createdAt: group.createdAt.toISOString(),
      };
    });
  }
}

function toMembershipView(membership: Membership): MembershipView {
  return {
    id: membership.id,
    workingGroupId: membership.workingGroup.id,
    user: toPerson(membership.user),
    role: membership.role,
    status: membership.status,
    createdAt: membership.createdAt.toISOString(),
  };
}
