import { Body, Controller, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Put } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser, Clock, CurrentUser } from '@agora/platform';
import { ForumsService, WorkingGroupsService } from '@agora/forums';
import { UsersService } from '@agora/identity';
import { DigestPlanner } from './digest.planner';
import { DigestPreferencesService } from './digest-preferences.service';
import { DigestPreferencesDto, DigestPreferencesView, DigestPreviewView, LevelDto } from './dto/digests.dto';

@ApiTags('digests')
@Controller('me')
export class DigestPreferencesController {
  constructor(
    private readonly preferences: DigestPreferencesService,
    private readonly planner: DigestPlanner,
    private readonly users: UsersService,
    private readonly forums: ForumsService,
    private readonly groups: WorkingGroupsService,
    private readonly clock: Clock,
  ) {}

  @Get('digest-preferences')
  @ApiOperation({ summary: 'Your digest settings, and the forums and groups whose level differs' })
  @ApiOkResponse({ type: DigestPreferencesView })
  async get(@CurrentUser() user: AuthUser): Promise<DigestPreferencesView> {
    return this.preferences.view(await this.users.get(user.id));
  }

  @Put('digest-preferences')
  @ApiOperation({ summary: 'When and how your digest comes: frequency, weekday, local hour, time zone, language' })
  @ApiOkResponse({ type: DigestPreferencesView })
  async put(@CurrentUser() user: AuthUser, @Body() dto: DigestPreferencesDto): Promise<DigestPreferencesView> {
    return this.preferences.update(await this.users.get(user.id), dto);
  }

  @Put('digest-preferences/forums/:slug')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'How you hear about one forum: every-update, daily, weekly or muted' })
  @ApiNoContentResponse()
  async forumLevel(@CurrentUser() user: AuthUser, @Param('slug') slug: string, @Body() dto: LevelDto): Promise<void> {
    const forum = await this.forums.getBySlug(slug);
    await this.preferences.setLevel(await this.users.get(user.id), 'forum', forum.id, dto.level);
  }

  @Put('digest-preferences/working-groups/:id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'How you hear about one working group (one you can see)' })
  @ApiNoContentResponse()
  async groupLevel(@CurrentUser() user: AuthUser, @Param('id', new ParseUUIDPipe()) id: string, @Body() dto: LevelDto): Promise<void> {
    const { group } = await this.groups.loadVisible(user, id);
    await this.preferences.setLevel(await this.users.get(user.id), 'working-group', group.id, dto.level);
  }

  @Get('digest/preview')
  @ApiOperation({ summary: 'The digest you would get now (nothing is sent or recorded)' })
  @ApiOkResponse({ type: DigestPreviewView })
  async preview(@CurrentUser() user: AuthUser): Promise<DigestPreviewView> {
    return this.planner.preview(await this.users.get(user.id), this.clock.now());
  }
}
