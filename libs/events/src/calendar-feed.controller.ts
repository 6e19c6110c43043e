import { Controller, Get, Header, Query, Req, UnauthorizedException } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { AccessTokensService, ApiProblems, AuthenticatedRequest, bearerToken, Public } from '@agora/platform';
import { FeedQuery } from './dto/events.dto';
import { EventsService } from './events.service';

/** The OpenAPI security scheme of the feed URL's `?token=` (registered with the document in apps/api). */
export const FEED_TOKEN_SECURITY = 'feedToken';

@ApiTags('events')
@Controller()
export class CalendarFeedController {
  constructor(
    private readonly events: EventsService,
    private readonly tokens: AccessTokensService,
  ) {}

  /**
   * The per-user iCalendar feed. Calendar apps (Outlook, Google Calendar) fetch a URL and cannot
   * send a bearer token, so the feed also answers to `?token=` from POST /api/events/feed; a
   * signed-in client may use its bearer token instead.
   */
  @Get('events.ics')
  @Public()
  @Header('content-type', 'text/calendar; charset=utf-8')
  @Header('cache-control', 'private, max-age=300')
  @ApiProduces('text/calendar')
  @ApiOperation({ summary: 'Your events as an RFC 5545 calendar (bearer token, or ?token= from POST /api/events/feed)' })
  @ApiOkResponse({ description: 'text/calendar' })
  // Public to the guard only because the guard knows no feed token: one of the two is required.
  @ApiBearerAuth()
  @ApiSecurity(FEED_TOKEN_SECURITY)
  @ApiProblems(401, 404)
  async ics(@Req() request: AuthenticatedRequest, @Query() query: FeedQuery): Promise<string> {
    if (query.token) return this.events.feed(await this.events.feedUser(query.token));
    const token = bearerToken(request.headers.authorization);
    if (!token) {
      throw new UnauthorizedException('Send a bearer token, or use the feed URL from POST /api/events/feed');
    }
    return this.events.feed(this.tokens.verify(token));
  }
}
