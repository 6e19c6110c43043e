import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { ForumRef, ScopeQuery } from '@agora/forums';
import { SEARCH_KINDS, SearchKind } from '../search.queries';

const ISO = { strict: true, strictSeparator: true } as const;

export class SearchQuery extends ScopeQuery {
  @ApiProperty({ example: 'mobilita', description: 'words, "a phrase", -excluded, or (web-search syntax); accents optional' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  q!: string;

  @ApiPropertyOptional({ enum: SEARCH_KINDS })
  @IsOptional()
  @IsIn(SEARCH_KINDS)
  kind?: SearchKind;

  @ApiPropertyOptional({ example: 'it', description: 'posts in (or translated into), and exchanges held in, that language' })
  @IsOptional()
  @Matches(/^[a-z]{2}$/, { message: 'language must be an ISO 639-1 code' })
  language?: string;

  @ApiPropertyOptional({ description: 'created (posts: published) at or after' })
  @IsOptional()
  @IsISO8601(ISO)
  from?: string;

  @ApiPropertyOptional({ description: 'created (posts: published) before' })
  @IsOptional()
  @IsISO8601(ISO)
  to?: string;
}

export class SearchResultView {
  @ApiProperty({ enum: SEARCH_KINDS }) kind!: SearchKind;
  @ApiProperty({ description: 'id of the post, thread, message or exchange' }) id!: string;
  @ApiProperty({ nullable: true, type: String, description: 'the thread of a message (or the thread itself)' }) threadId!: string | null;
  @ApiProperty() title!: string;
  @ApiProperty({ description: 'HTML-escaped excerpt with the hits in <mark>' }) snippet!: string;
  @ApiProperty() rank!: number;
  @ApiProperty({ type: ForumRef }) forum!: ForumRef;
  @ApiProperty({ nullable: true, type: String }) workingGroupId!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'language of the matched post variant' }) language!: string | null;
  @ApiProperty() createdAt!: string;
}

export class SearchPage {
  @ApiProperty({ type: [SearchResultView] }) items!: SearchResultView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
