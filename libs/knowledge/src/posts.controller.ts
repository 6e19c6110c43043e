import { Body, Controller, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems, AuthUser, CurrentUser, PageQuery } from '@agora/platform';
import { MessageView, SendMessageDto, ThreadView } from '@agora/discussions';
import {
  CreatePostDto,
  PostListQuery,
  PostPage,
  PostQuery,
  PostView,
  RevisionPage,
  SendBackDto,
  TranslationDto,
  TranslationParams,
  UpdatePostDto,
} from './dto/knowledge.dto';
import { PostCommentsService } from './post-comments.service';
import { PostsService } from './posts.service';

const uuid = new ParseUUIDPipe();

@ApiTags('knowledge')
@Controller('posts')
export class PostsController {
  constructor(
    private readonly posts: PostsService,
    private readonly comments: PostCommentsService,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Best-practice posts, newest first (published by default; status=draft lists your drafts and those you review)',
  })
  @ApiOkResponse({ type: PostPage })
  list(@CurrentUser() user: AuthUser, @Query() query: PostListQuery) {
    return this.posts.list(user, query);
  }

  @Post()
  @ApiOperation({ summary: 'Write a draft' })
  @ApiProblems(403)
  @ApiCreatedResponse({ type: PostView })
  create(@CurrentUser() user: AuthUser, @Body() dto: CreatePostDto) {
    return this.posts.create(user, dto);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A post, in your language when a translation exists (or ?language=)' })
  @ApiOkResponse({ type: PostView })
  get(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Query() query: PostQuery) {
    return this.posts.view(user, id, query.language);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Edit (author, reviewers); a change to a published post is a new revision' })
  @ApiProblems(403, 409)
  @ApiOkResponse({ type: PostView })
  update(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Body() dto: UpdatePostDto) {
    return this.posts.update(user, id, dto);
  }

  @Post(':id/submit')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Ask the reviewers to publish the draft (author)' })
  @ApiProblems(403, 409)
  @ApiOkResponse({ type: PostView })
  submit(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string) {
    return this.posts.submit(user, id);
  }

  @Get(':id/comments')
  @ApiOperation({ summary: "The post's comment thread (null until the first comment); its messages are at /api/threads/{id}/messages" })
  @ApiOkResponse({ type: ThreadView })
  async commentThread(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string) {
    return { thread: await this.comments.thread(user, id) };
  }

  @Post(':id/comments')
  @ApiOperation({ summary: 'Comment on a published post (opens its discussion thread on the first comment)' })
  @ApiProblems(403, 409)
  @ApiCreatedResponse({ type: MessageView })
  comment(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Body() dto: SendMessageDto) {
    return this.comments.comment(user, id, dto);
  }

  @Post(':id/publish')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: "Publish a draft (the group's lead, the forum's chair city, the secretariat)" })
  @ApiProblems(403, 409)
  @ApiOkResponse({ type: PostView })
  publish(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string) {
    return this.posts.publish(user, id);
  }

  @Post(':id/send-back')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Return a draft to its author with a comment (reviewers)' })
  @ApiProblems(403, 409)
  @ApiOkResponse({ type: PostView })
  sendBack(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Body() dto: SendBackDto) {
    return this.posts.sendBack(user, id, dto);
  }

  @Post(':id/archive')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Archive a published post (reviewers)' })
  @ApiProblems(403, 409)
  @ApiOkResponse({ type: PostView })
  archive(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string) {
    return this.posts.archive(user, id);
  }

  @Get(':id/revisions')
  @ApiOperation({ summary: 'Revision history, newest first: who changed which fields, when' })
  @ApiOkResponse({ type: RevisionPage })
  revisions(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Query() query: PageQuery) {
    return this.posts.revisions(user, id, query);
  }

  @Put(':id/translations/:language')
  @ApiOperation({ summary: 'Add or replace a language variant (author, reviewers)' })
  @ApiProblems(403, 409)
  @ApiOkResponse({ type: PostView })
  translate(@CurrentUser() user: AuthUser, @Param() params: TranslationParams, @Body() dto: TranslationDto) {
    return this.posts.putTranslation(user, params.id, params.language, dto);
  }
}
