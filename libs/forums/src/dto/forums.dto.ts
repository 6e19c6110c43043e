import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { PersonView } from '@agora/identity';
import { GROUP_ROLES, GroupRole, MEMBERSHIP_STATUSES, MembershipStatus } from '../membership.entity';
import { VISIBILITIES, Visibility } from '../working-group.entity';

export class ForumView {
  @ApiProperty() id!: string;
  @ApiProperty({ example: 'mobility' }) slug!: string;
  @ApiProperty() name!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ description: 'whether the caller follows it (drives their digest)' }) following!: boolean;
}

export class ForumPage {
  @ApiProperty({ type: [ForumView] }) items!: ForumView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class ForumRef {
  @ApiProperty() slug!: string;
  @ApiProperty() name!: string;
}

export class MyMembershipView {
  @ApiProperty({ enum: GROUP_ROLES }) role!: GroupRole;
  @ApiProperty({ enum: MEMBERSHIP_STATUSES }) status!: MembershipStatus;
}

export class WorkingGroupView {
  @ApiProperty() id!: string;
  @ApiProperty({ type: ForumRef }) forum!: ForumRef;
  @ApiProperty() name!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ enum: VISIBILITIES }) visibility!: Visibility;
  @ApiProperty({ type: [PersonView] }) leads!: PersonView[];
  @ApiProperty() memberCount!: number;
  @ApiProperty({ type: MyMembershipView, nullable: true, description: "the caller's membership" }) membership!: MyMembershipView | null;
  @ApiProperty() createdAt!: string;
}

export class WorkingGroupPage {
  @ApiProperty({ type: [WorkingGroupView] }) items!: WorkingGroupView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class MembershipView {
  @ApiProperty({ description: 'also the join-request id while pending' }) id!: string;
  @ApiProperty() workingGroupId!: string;
  @ApiProperty({ type: PersonView }) user!: PersonView;
  @ApiProperty({ enum: GROUP_ROLES }) role!: GroupRole;
  @ApiProperty({ enum: MEMBERSHIP_STATUSES }) status!: MembershipStatus;
  @ApiProperty() createdAt!: string;
}

export class MembershipPage {
  @ApiProperty({ type: [MembershipView] }) items!: MembershipView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class CreateWorkingGroupDto {
  @ApiProperty({ example: 'Urban Freight' })
  @IsString()
  @MinLength(3)
  @MaxLength(120)
  name!: string;

  @ApiProperty({ example: 'Cities sharing what works for last-mile logistics.' })
  @IsString()
  @MaxLength(5000)
  description!: string;

  @ApiProperty({ enum: VISIBILITIES })
  @IsIn(VISIBILITIES)
  visibility!: Visibility;

  @ApiPropertyOptional({ description: 'e-mail of the user who leads it; defaults to the creator' })
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  leadEmail?: string;
}
