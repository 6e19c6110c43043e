import { Body, Controller, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems, AuthUser, CurrentUser, PageQuery } from '@agora/platform';
import {
  ApplicationPage,
  ApplicationView,
  ApplyDto,
  CreateExchangeDto,
  ExchangeListQuery,
  ExchangePage,
  ExchangeView,
  ReportDto,
} from './dto/exchanges.dto';
import { ExchangesService } from './exchanges.service';

const uuid = new ParseUUIDPipe();

@ApiTags('exchanges')
@Controller()
export class ExchangesController {
  constructor(private readonly exchanges: ExchangesService) {}

  @Get('exchanges')
  @ApiOperation({ summary: 'Staff-exchange offers, newest first; filter by forum, host city, language, open/closed' })
  @ApiOkResponse({ type: ExchangePage })
  list(@Query() query: ExchangeListQuery) {
    return this.exchanges.list(query);
  }

  @Post('exchanges')
  @ApiOperation({ summary: 'Offer a placement in your city (officers; the staff for any city)' })
  @ApiProblems(403)
  @ApiCreatedResponse({ type: ExchangeView })
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateExchangeDto) {
    return this.exchanges.create(user, dto);
  }

  @Get('exchanges/:id')
  @ApiOperation({ summary: 'A staff-exchange offer: host city, dates, places taken' })
  @ApiOkResponse({ type: ExchangeView })
  get(@Param('id', uuid) id: string) {
    return this.exchanges.view(id);
  }

  @Post('exchanges/:id/applications')
  @ApiOperation({ summary: 'Apply (officers of other member cities, before the deadline)' })
  @ApiProblems(403, 409)
  @ApiCreatedResponse({ type: ApplicationView })
  apply(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Body() dto: ApplyDto) {
    return this.exchanges.apply(user, id, dto);
  }

  @Get('exchanges/:id/applications')
  @ApiOperation({ summary: 'Applications: all for the host city and the staff, your own for anyone else' })
  @ApiOkResponse({ type: ApplicationPage })
  applications(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Query() query: PageQuery) {
    return this.exchanges.applications(user, id, query);
  }

  @Put('exchanges/:id/report')
  @ApiOperation({ summary: 'Link the published post that reports on a completed exchange (host city, staff)' })
  @ApiProblems(403, 409)
  @ApiOkResponse({ type: ExchangeView })
  report(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Body() dto: ReportDto) {
    return this.exchanges.report(user, id, dto);
  }

  @Post('applications/:id/accept')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Accept (host city, staff); 409 when the last place went to another' })
  @ApiProblems(403, 409)
  @ApiOkResponse({ type: ApplicationView })
  accept(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string) {
    return this.exchanges.accept(user, id);
  }

  @Post('applications/:id/decline')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Decline (host city, staff); 409 when it was answered or withdrawn already' })
  @ApiProblems(403, 409)
  @ApiOkResponse({ type: ApplicationView })
  decline(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string) {
    return this.exchanges.decline(user, id);
  }

  @Post('applications/:id/withdraw')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Withdraw your application (an accepted one frees its place)' })
  @ApiProblems(403, 409)
  @ApiOkResponse({ type: ApplicationView })
  withdraw(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string) {
    return this.exchanges.withdraw(user, id);
  }
}
