import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems, AuthUser, CurrentUser, PageQuery } from '@agora/platform';
import { CreateWorkingGroupDto, ForumPage, ForumView, WorkingGroupPage, WorkingGroupView } from './dto/forums.dto';
import { ForumsService } from './forums.service';
import { WorkingGroupsService } from './working-groups.service';

@ApiTags('forums')
@Controller('forums')
export class ForumsController {
  constructor(
    private readonly forums: ForumsService,
    private readonly groups: WorkingGroupsService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The six thematic forums' })
  @ApiOkResponse({ type: ForumPage })
  list(@CurrentUser() user: AuthUser) {
    return this.forums.list(user);
  }

  @Get(':slug')
  @ApiOperation({ summary: 'A forum, and whether you follow it' })
  @ApiOkResponse({ type: ForumView })
  get(@CurrentUser() user: AuthUser, @Param('slug') slug: string) {
    return this.forums.view(user, slug);
  }

  @Put(':slug/follow')
  @ApiOperation({ summary: 'Follow a forum (its news goes into your digest); idempotent' })
  @ApiOkResponse({ type: ForumView })
  follow(@CurrentUser() user: AuthUser, @Param('slug') slug: string) {
    return this.forums.follow(user, slug);
  }

  @Delete(':slug/follow')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Stop following a forum; idempotent' })
  @ApiNoContentResponse()
  unfollow(@CurrentUser() user: AuthUser, @Param('slug') slug: string) {
    return this.forums.unfollow(user, slug);
  }

  @Get(':slug/working-groups')
  @ApiOperation({ summary: 'Working groups of a forum by name; private ones only for their members and the staff' })
  @ApiOkResponse({ type: WorkingGroupPage })
  workingGroups(@CurrentUser() user: AuthUser, @Param('slug') slug: string, @Query() query: PageQuery) {
    return this.groups.listForForum(user, slug, query);
  }

  @Post(':slug/working-groups')
  @ApiOperation({ summary: "Create a working group (admin, secretariat, officers of the forum's chair city)" })
  @ApiCreatedResponse({ type: WorkingGroupView })
  @ApiProblems(403, 409)
  createWorkingGroup(@CurrentUser() user: AuthUser, @Param('slug') slug: string, @Body() dto: CreateWorkingGroupDto) {
    return this.groups.create(user, slug, dto);
  }
}
