import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems, AuthUser, CurrentUser, PageQuery } from '@agora/platform';
import { CreateThreadDto, PeopleQuery, PersonPage, ThreadPage, ThreadView } from './dto/discussions.dto';
import { PeopleService } from './people.service';
import { ThreadsService } from './threads.service';

const uuid = new ParseUUIDPipe();

@ApiTags('discussions')
@Controller()
export class ThreadsController {
  constructor(
    private readonly threads: ThreadsService,
    private readonly peopleService: PeopleService,
  ) {}

  @Get('forums/:slug/threads')
  @ApiOperation({ summary: "The forum's own threads, most recently active first" })
  @ApiOkResponse({ type: ThreadPage })
  listInForum(@CurrentUser() user: AuthUser, @Param('slug') slug: string, @Query() query: PageQuery) {
    return this.threads.listForForum(user, slug, query);
  }

  @Post('forums/:slug/threads')
  @ApiOperation({ summary: 'Start a thread in a forum; the body is its first message' })
  @ApiProblems(409)
  @ApiCreatedResponse({ type: ThreadView })
  createInForum(@CurrentUser() user: AuthUser, @Param('slug') slug: string, @Body() dto: CreateThreadDto) {
    return this.threads.createInForum(user, slug, dto);
  }

  @Get('working-groups/:id/threads')
  @ApiOperation({ summary: "The working group's threads, most recently active first" })
  @ApiOkResponse({ type: ThreadPage })
  listInGroup(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Query() query: PageQuery) {
    return this.threads.listForGroup(user, id, query);
  }

  @Post('working-groups/:id/threads')
  @ApiOperation({ summary: 'Start a thread in a working group (its members and the staff)' })
  @ApiProblems(403, 409)
  @ApiCreatedResponse({ type: ThreadView })
  createInGroup(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Body() dto: CreateThreadDto) {
    return this.threads.createInGroup(user, id, dto);
  }

  @Get('threads/:id')
  @ApiOperation({ summary: 'A thread: where it is, who started it, its newest seq' })
  @ApiOkResponse({ type: ThreadView })
  get(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string) {
    return this.threads.view(user, id);
  }

  @Get('threads/:id/people')
  @ApiOperation({
    summary: 'People who can be @mentioned in the thread (its audience), by name',
    description: "A private group's thread lists its active members and the staff; any other thread lists every member.",
  })
  @ApiOkResponse({ type: PersonPage })
  people(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Query() query: PeopleQuery) {
    return this.peopleService.inThread(user, id, query);
  }
}
