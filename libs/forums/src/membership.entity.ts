import { Entity, Index, ManyToOne, Property, Unique } from '@mikro-orm/core';
import { BaseEntity, EnumOf } from '@agora/platform';
import { User } from '@agora/identity';
import { WorkingGroup } from './working-group.entity';

export const GROUP_ROLES = ['lead', 'member'] as const;
export type GroupRole = (typeof GROUP_ROLES)[number];

export const MEMBERSHIP_STATUSES = ['active', 'pending'] as const;
export type MembershipStatus = (typeof MEMBERSHIP_STATUSES)[number];

/** A user's place in a working group; a pending one is a join request awaiting the lead. */
@Entity({ tableName: 'working_group_membership' })
@Unique({ properties: ['workingGroup', 'user'] })
@Index({ properties: ['user', 'status'] })
export class Membership extends BaseEntity {
  @ManyToOne(() => WorkingGroup, { deleteRule: 'cascade' })
  workingGroup: WorkingGroup;

  @ManyToOne(() => User, { deleteRule: 'cascade' })
  user: User;

  @EnumOf(GROUP_ROLES)
  role: GroupRole;

  @EnumOf(MEMBERSHIP_STATUSES)
  status: MembershipStatus;

  @Property({ type: 'timestamptz', nullable: true })
  approvedAt: Date | null = null;

  constructor(workingGroup: WorkingGroup, user: User, role: GroupRole, status: MembershipStatus) {
    super();
    this.workingGroup = workingGroup;
    this.user = user;
    this.role = role;
    this.status = status;
    if (status === 'active') this.approvedAt = new Date();
  }
}
