import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { MAX_LIMIT, PageQuery, PG_INT_MAX } from '@agora/platform';
import { PersonView } from '@agora/identity';

/** Longest message or thread body, in characters. */
export const MAX_BODY_LENGTH = 10_000;
/** A client-chosen id: letters, digits, '-' and '_' (UUIDs fit). */
const CLIENT_MSG_ID = /^[\w-]{1,64}$/;

export class CreateThreadDto {
  @ApiProperty({ example: 'Low-emission zones: what did enforcement cost you?' })
  @IsString()
  @MinLength(3)
  @MaxLength(200)
  title!: string;

  @ApiProperty({ description: `markdown, at most ${MAX_BODY_LENGTH} characters` })
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_BODY_LENGTH)
  body!: string;

  @ApiPropertyOptional({ description: 'idempotency key of the first message' })
  @IsOptional()
  @Matches(CLIENT_MSG_ID, { message: 'clientMsgId must be 1-64 letters, digits, - or _' })
  clientMsgId?: string;
}

export class SendMessageDto {
  @ApiProperty({ description: `markdown, at most ${MAX_BODY_LENGTH} characters; @**Full Name** mentions a user` })
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_BODY_LENGTH)
  body!: string;

  @ApiProperty({
    description: 'unique per author: sending it again returns the original message',
    example: '3f1c2b9e-5d1a-4f7e-9d7c-0a1b2c3d4e5f',
  })
  @Matches(CLIENT_MSG_ID, { message: 'clientMsgId must be 1-64 letters, digits, - or _' })
  clientMsgId!: string;
}

export class EditMessageDto {
  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_BODY_LENGTH)
  body!: string;
}

export class ReadPositionDto {
  @ApiProperty({ description: 'the seq of the last message read' })
  @IsInt()
  @Min(0)
  @Max(PG_INT_MAX)
  seq!: number;
}

export class MessageListQuery {
  @ApiPropertyOptional({ default: 0, description: 'return the messages after this seq' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(PG_INT_MAX)
  afterSeq: number = 0;

  @ApiPropertyOptional({ default: 50, maximum: MAX_LIMIT })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_LIMIT)
  limit: number = 50;
}

export class ThreadListQuery extends PageQuery {}

export class ForumRefView {
  @ApiProperty() slug!: string;
  @ApiProperty() name!: string;
}

export class GroupRefView {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
}

export class ThreadView {
  @ApiProperty() id!: string;
  @ApiProperty({ type: ForumRefView }) forum!: ForumRefView;
  @ApiProperty({ type: GroupRefView, nullable: true }) workingGroup!: GroupRefView | null;
  @ApiProperty() title!: string;
  @ApiProperty({ type: PersonView }) author!: PersonView;
  @ApiProperty({ description: 'seq of the newest message (the thread holds this many, deleted ones included)' }) lastSeq!: number;
  @ApiProperty() createdAt!: string;
  @ApiProperty() lastActivityAt!: string;
}

export class ThreadPage {
  @ApiProperty({ type: [ThreadView] }) items!: ThreadView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class MessageView {
  @ApiProperty() id!: string;
  @ApiProperty() threadId!: string;
  @ApiProperty() seq!: number;
  @ApiProperty() clientMsgId!: string;
  @ApiProperty({ type: PersonView }) author!: PersonView;
  @ApiProperty({ description: 'markdown; empty once deleted' }) body!: string;
  @ApiProperty({ description: 'sanitized HTML of the body' }) html!: string;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ nullable: true, type: String }) editedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) deletedAt!: string | null;
}

export class MessagePage {
  @ApiProperty({ type: [MessageView] }) items!: MessageView[];
  @ApiProperty({ nullable: true, type: String, description: 'the afterSeq of the next page' }) nextCursor!: string | null;
}

export class ThreadUnread {
  @ApiProperty() threadId!: string;
  @ApiProperty() forum!: string;
  @ApiProperty({ nullable: true, type: String }) workingGroupId!: string | null;
  @ApiProperty() unread!: number;
}

export class ForumUnread {
  @ApiProperty() forum!: string;
  @ApiProperty() unread!: number;
}

export class UnreadView {
  @ApiProperty({ type: [ThreadUnread] }) threads!: ThreadUnread[];
  @ApiProperty({ type: [ForumUnread] }) forums!: ForumUnread[];
}

export class ThreadIdParam {
  @IsUUID() threadId!: string;
}

export class PeopleQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'the start of the name or of one of its words (case-insensitive); empty lists everyone' })
  @IsOptional()
  @IsString()
  @MaxLength(120)
  q: string = '';
}

export class PersonPage {
  @ApiProperty({ type: [PersonView] }) items!: PersonView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class MarkdownPreviewDto {
  @ApiProperty({ description: `markdown, at most ${MAX_BODY_LENGTH} characters` })
  @IsString()
  @MaxLength(MAX_BODY_LENGTH)
  body!: string;
}

export class MarkdownPreviewView {
  @ApiProperty({ description: 'the sanitized HTML a message with this body would have, its @mentions resolved' }) html!: string;
}
