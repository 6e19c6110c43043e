import { Body, Controller, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems, AuthUser, CurrentUser } from '@agora/platform';
import { CreateEventDto, EventListQuery, EventPage, EventView, FeedLinkView, PlanningQuery, PlanningView, RsvpDto } from './dto/events.dto';
import { EventsService } from './events.service';

const uuid = new ParseUUIDPipe();

@ApiTags('events')
@Controller('events')
export class EventsController {
  constructor(private readonly events: EventsService) {}

  @Get()
  @ApiOperation({ summary: 'Events from today (or ?from=) on, soonest first' })
  @ApiOkResponse({ type: EventPage })
  list(@CurrentUser() user: AuthUser, @Query() query: EventListQuery) {
    return this.events.list(user, query);
  }

  @Post()
  @ApiOperation({ summary: 'Plan an event (network meetings: staff; forum meetings: chair city; group meetings: group lead)' })
  @ApiProblems(403)
  @ApiCreatedResponse({ type: EventView })
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateEventDto) {
    return this.events.create(user, dto);
  }

  @Post('feed')
  @ApiOperation({ summary: 'A secret feed URL for calendar apps; issuing a new one revokes the previous' })
  @ApiCreatedResponse({ type: FeedLinkView })
  feed(@CurrentUser() user: AuthUser) {
    return this.events.issueFeedUrl(user);
  }

  @Get('planning')
  @ApiOperation({ summary: 'The secretariat’s check: Executive Committee meetings planned in a year (warning under three)' })
  @ApiProblems(403)
  @ApiOkResponse({ type: PlanningView })
  planning(@CurrentUser() user: AuthUser, @Query() query: PlanningQuery) {
    return this.events.planning(user, query.year ?? new Date().getUTCFullYear());
  }

  @Get(':id')
  @ApiOperation({ summary: 'An event: when, where, who hosts it, places left and your answer' })
  @ApiOkResponse({ type: EventView })
  get(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string) {
    return this.events.view(user, id);
  }

  @Put(':id/rsvp')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Going, maybe or not going; 409 when the event is full' })
  @ApiProblems(409)
  @ApiOkResponse({ type: EventView })
  rsvp(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Body() dto: RsvpDto) {
    return this.events.rsvp(user, id, dto.status);
  }
}
