import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Patch, Post, Put, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApiProblems, AuthUser, CurrentUser } from '@agora/platform';
import {
  EditMessageDto,
  MarkdownPreviewDto,
  MarkdownPreviewView,
  MessageListQuery,
  MessagePage,
  MessageView,
  ReadPositionDto,
  SendMessageDto,
  UnreadView,
} from './dto/discussions.dto';
import { MessagesService } from './messages.service';
import { UnreadService } from './unread.service';

const uuid = new ParseUUIDPipe();

@ApiTags('discussions')
@Controller()
export class MessagesController {
  constructor(
    private readonly messages: MessagesService,
    private readonly unread: UnreadService,
  ) {}

  @Get('threads/:id/messages')
  @ApiOperation({ summary: 'Messages after afterSeq, ascending by seq; nextCursor is the afterSeq of the next page' })
  @ApiOkResponse({ type: MessagePage })
  async list(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Query() query: MessageListQuery): Promise<MessagePage> {
    const { items, hasMore } = await this.messages.list(user, id, query);
    return { items, nextCursor: hasMore ? String(items[items.length - 1].seq) : null };
  }

  @Post('threads/:id/messages')
  @ApiOperation({ summary: 'Post a message: 201 when stored, 200 with the original when the clientMsgId was sent before' })
  @ApiCreatedResponse({ type: MessageView })
  @ApiProblems(403)
  async send(
    @CurrentUser() user: AuthUser,
    @Param('id', uuid) id: string,
    @Body() dto: SendMessageDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { message, created } = await this.messages.send(user, id, dto);
    void reply.status(created ? HttpStatus.CREATED : HttpStatus.OK);
    return message;
  }

  @Patch('messages/:id')
  @ApiOperation({ summary: 'Edit a message (its author, the group lead, the staff)' })
  @ApiProblems(403, 409)
  @ApiOkResponse({ type: MessageView })
  edit(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Body() dto: EditMessageDto) {
    return this.messages.edit(user, id, dto.body);
  }

  @Delete('messages/:id')
  @ApiOperation({ summary: 'Delete a message: its seq stays, its content goes' })
  @ApiProblems(403, 409)
  @ApiOkResponse({ type: MessageView })
  remove(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string) {
    return this.messages.remove(user, id);
  }

  @Put('threads/:id/read')
  @ApiOperation({ summary: 'Store how far you have read (never backwards)' })
  @ApiOkResponse({ type: ReadPositionDto })
  async markRead(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Body() dto: ReadPositionDto): Promise<ReadPositionDto> {
    return { seq: await this.messages.markRead(user, id, dto.seq) };
  }

  @Get('me/unread')
  @ApiOperation({ summary: 'Unread counts per thread and per forum, over what you follow' })
  @ApiOkResponse({ type: UnreadView })
  unreadCounts(@CurrentUser() user: AuthUser) {
    return this.unread.forUser(user);
  }

  @Post('markdown/preview')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: "The HTML a message with this markdown would get: the server's renderer, so the preview is the message" })
  @ApiOkResponse({ type: MarkdownPreviewView })
  async preview(@Body() dto: MarkdownPreviewDto): Promise<MarkdownPreviewView> {
    return { html: await this.messages.preview(dto.body) };
  }
}
