import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUrl, IsUUID, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { PageQuery } from '@agora/platform';
import { EVENT_KINDS, EventKind } from '../calendar-event.entity';
import { RSVP_STATUSES, RsvpStatus } from '../rsvp.entity';

const SLUG = /^[a-z0-9][a-z0-9-]{0,63}$/;
const ISO = { strict: true, strictSeparator: true } as const;

export class CreateEventDto {
  @ApiProperty({ enum: EVENT_KINDS })
  @IsIn(EVENT_KINDS)
  kind!: EventKind;

  @ApiProperty({ example: 'Executive Committee meeting' })
  @IsString()
  @MinLength(3)
  @MaxLength(200)
  title!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  description?: string;

  @ApiProperty({ example: '2027-03-10T09:00:00Z' })
  @IsISO8601(ISO)
  startsAt!: string;

  @ApiProperty({ example: '2027-03-10T17:00:00Z' })
  @IsISO8601(ISO)
  endsAt!: string;

  @ApiProperty({ example: 'Europe/Brussels', description: 'IANA time zone of the venue' })
  @IsString()
  @MaxLength(64)
  timeZone!: string;

  @ApiPropertyOptional({ example: 'Square - Brussels Meeting Centre' })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  place?: string;

  @ApiPropertyOptional({ description: 'host city slug' })
  @IsOptional()
  @Matches(SLUG, { message: 'hostCity must be a city slug' })
  hostCity?: string;

  @ApiPropertyOptional({ example: 'https://meet.example.org/agora-ec' })
  @IsOptional()
  @IsUrl({ protocols: ['https'], require_protocol: true })
  @MaxLength(500)
  onlineUrl?: string;

  @ApiPropertyOptional({ description: 'forum slug (forum meetings)' })
  @IsOptional()
  @Matches(SLUG, { message: 'forum must be a forum slug' })
  forum?: string;

  @ApiPropertyOptional({ description: 'working group (working-group meetings)' })
  @IsOptional()
  @IsUUID()
  workingGroupId?: string;

  @ApiPropertyOptional({ description: 'the event this one is part of (the AGM inside its conference)' })
  @IsOptional()
  @IsUUID()
  parentId?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 100000 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100_000)
  capacity?: number;
}

export class EventListQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'ISO date or time; default: today (UTC)' })
  @IsOptional()
  @IsISO8601(ISO)
  from?: string;

  @ApiPropertyOptional({ description: 'ISO date or time (exclusive)' })
  @IsOptional()
  @IsISO8601(ISO)
  to?: string;

  @ApiPropertyOptional({ enum: EVENT_KINDS })
  @IsOptional()
  @IsIn(EVENT_KINDS)
  kind?: EventKind;
}

export class RsvpDto {
  @ApiProperty({ enum: RSVP_STATUSES })
  @IsIn(RSVP_STATUSES)
  status!: RsvpStatus;
}

export class PlanningQuery {
  @ApiPropertyOptional({ description: 'calendar year (default: this year)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1986)
  @Max(2100)
  year?: number;
}

export class FeedQuery {
  @ApiPropertyOptional({ description: 'the secret from POST /api/events/feed (for calendar apps, which cannot send a bearer token)' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{43}$/, { message: 'token is not a feed token' })
  token?: string;
}

class RefView {
  @ApiProperty() slug!: string;
  @ApiProperty() name!: string;
}

class GroupRef {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
}

export class EventView {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: EVENT_KINDS }) kind!: EventKind;
  @ApiProperty() title!: string;
  @ApiProperty() description!: string;
  @ApiProperty() startsAt!: string;
  @ApiProperty() endsAt!: string;
  @ApiProperty() timeZone!: string;
  @ApiProperty({ nullable: true, type: String }) place!: string | null;
  @ApiProperty({ type: RefView, nullable: true }) hostCity!: RefView | null;
  @ApiProperty({ nullable: true, type: String }) onlineUrl!: string | null;
  @ApiProperty({ type: RefView, nullable: true }) forum!: RefView | null;
  @ApiProperty({ type: GroupRef, nullable: true }) workingGroup!: GroupRef | null;
  @ApiProperty({ nullable: true, type: String }) parentId!: string | null;
  @ApiProperty({ nullable: true, type: Number }) capacity!: number | null;
  @ApiProperty({ description: 'RSVPs "going"' }) going!: number;
  @ApiProperty({ enum: RSVP_STATUSES, nullable: true }) myRsvp!: RsvpStatus | null;
}

export class EventPage {
  @ApiProperty({ type: [EventView] }) items!: EventView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class PlanningView {
  @ApiProperty() year!: number;
  @ApiProperty() executiveCommitteeMeetings!: number;
  @ApiProperty({ description: 'the statutes ask for at least this many a year' }) required!: number;
  @ApiProperty({ nullable: true, type: String, description: 'set when fewer are planned' }) warning!: string | null;
}

export class FeedLinkView {
  @ApiProperty({ description: 'subscribe to this URL in Outlook or Google Calendar; issuing a new one revokes the old' }) url!: string;
}
