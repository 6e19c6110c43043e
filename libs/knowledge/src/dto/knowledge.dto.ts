import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { ScopeQuery } from '@agora/forums';
import { PersonView } from '@agora/identity';
import { LANGUAGES } from '../languages';
import { COST_RANGES, CostRange, POST_STATUSES, PostStatus } from '../post.entity';

export const MAX_POST_BODY = 50_000;
const SLUG = /^[a-z0-9][a-z0-9-]{0,63}$/;
const TAG = /^[a-z0-9][a-z0-9-]{0,39}$/;
const YEAR_MONTH = /^(19|20)\d\d-(0[1-9]|1[0-2])$/;

export class RelatedLinkDto {
  @ApiProperty({ example: 'Evaluation report (PDF)' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  title!: string;

  @ApiProperty({ example: 'https://www.comune.bologna.it/mobilita/report.pdf' })
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true })
  @MaxLength(500)
  url!: string;
}

export class CreatePostDto {
  @ApiProperty({ example: 'Bike lanes on every arterial road in four years' })
  @IsString()
  @MinLength(3)
  @MaxLength(200)
  title!: string;

  @ApiProperty({ description: 'one paragraph: what was done and what came of it' })
  @IsString()
  @MinLength(1)
  @MaxLength(1000)
  summary!: string;

  @ApiProperty({ description: `markdown, at most ${MAX_POST_BODY} characters` })
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_POST_BODY)
  body!: string;

  @ApiProperty({ example: 'mobility', description: 'forum slug' })
  @Matches(SLUG, { message: 'forum must be a forum slug' })
  forum!: string;

  @ApiPropertyOptional({ description: 'a working group of that forum' })
  @IsOptional()
  @IsUUID()
  workingGroupId?: string;

  @ApiProperty({ enum: LANGUAGES, example: 'it' })
  @IsIn(LANGUAGES)
  language!: string;

  @ApiPropertyOptional({ type: [String], example: ['cycling', 'low-emission-zone'], maxItems: 10 })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @Matches(TAG, { each: true, message: 'each tag must be 1-40 lower-case letters, digits or -' })
  tags?: string[];

  @ApiPropertyOptional({ description: 'the problem addressed' })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  problem?: string;

  @ApiPropertyOptional({ description: 'results achieved' })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  results?: string;

  @ApiPropertyOptional({ enum: COST_RANGES })
  @IsOptional()
  @IsIn(COST_RANGES)
  costRange?: CostRange;

  @ApiPropertyOptional({ example: '2019-03', description: 'YYYY-MM the practice started' })
  @IsOptional()
  @Matches(YEAR_MONTH, { message: 'periodFrom must be YYYY-MM' })
  periodFrom?: string;

  @ApiPropertyOptional({ example: '2022-12', description: 'YYYY-MM it ended (absent: still running)' })
  @IsOptional()
  @Matches(YEAR_MONTH, { message: 'periodTo must be YYYY-MM' })
  periodTo?: string;

  @ApiPropertyOptional({ description: 'contact person' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  contactName?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  contactEmail?: string;

  @ApiPropertyOptional({ type: [RelatedLinkDto], maxItems: 20 })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => RelatedLinkDto)
  links?: RelatedLinkDto[];

  @ApiPropertyOptional({ description: 'city slug (the staff only; officers post for their own city)' })
  @IsOptional()
  @Matches(SLUG, { message: 'city must be a city slug' })
  city?: string;
}

export class UpdatePostDto extends PartialType(OmitType(CreatePostDto, ['forum', 'workingGroupId', 'language', 'city'] as const)) {
  @ApiPropertyOptional({ description: 'what changed and why (kept in the revision history)' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  note?: string;
}

export class SendBackDto {
  @ApiProperty({ description: 'what the author should change' })
  @IsString()
  @MinLength(1)
  @MaxLength(5000)
  comment!: string;
}

export class TranslationDto {
  @ApiProperty()
  @IsString()
  @MinLength(3)
  @MaxLength(200)
  title!: string;

  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(1000)
  summary!: string;

  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_POST_BODY)
  body!: string;
}

export class TranslationParams {
  @ApiProperty()
  @IsUUID()
  id!: string;

  @ApiProperty({ enum: LANGUAGES })
  @IsIn(LANGUAGES)
  language!: string;
}

export class PostQuery {
  @ApiPropertyOptional({ enum: LANGUAGES, description: 'the variant to show (default: your first language that the post has)' })
  @IsOptional()
  @IsIn(LANGUAGES)
  language?: string;
}

export class PostListQuery extends ScopeQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @Matches(TAG, { message: 'tag must be 1-40 lower-case letters, digits or -' })
  tag?: string;

  @ApiPropertyOptional({ enum: LANGUAGES, description: 'posts written in, or translated into, this language' })
  @IsOptional()
  @IsIn(LANGUAGES)
  language?: string;

  @ApiPropertyOptional({ description: 'full-text filter (any language variant)' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ enum: POST_STATUSES, default: 'published', description: 'draft: your drafts and those you review' })
  @IsOptional()
  @IsIn(POST_STATUSES)
  status?: PostStatus;
}

export class RefView {
  @ApiProperty() slug!: string;
  @ApiProperty() name!: string;
}

export class GroupRef {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
}

export class RelatedLinkView {
  @ApiProperty() title!: string;
  @ApiProperty() url!: string;
}

export class PostSummaryView {
  @ApiProperty() id!: string;
  @ApiProperty({ type: RefView }) forum!: RefView;
  @ApiProperty({ type: GroupRef, nullable: true }) workingGroup!: GroupRef | null;
  @ApiProperty({ type: RefView, nullable: true }) city!: RefView | null;
  @ApiProperty({ type: PersonView }) author!: PersonView;
  @ApiProperty({ enum: POST_STATUSES }) status!: PostStatus;
  @ApiProperty({ description: 'language of the original' }) language!: string;
  @ApiProperty() title!: string;
  @ApiProperty() summary!: string;
  @ApiProperty({ type: [String] }) tags!: string[];
  @ApiProperty({ nullable: true, type: String }) submittedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) publishedAt!: string | null;
  @ApiProperty() updatedAt!: string;
}

export class PostView extends PostSummaryView {
  @ApiProperty({ description: 'the language shown (the original or a translation)' }) shownLanguage!: string;
  @ApiProperty({ type: [String], description: 'the original language first, then the translations' }) availableLanguages!: string[];
  @ApiProperty({ description: 'markdown' }) body!: string;
  @ApiProperty({ description: 'sanitized HTML of the body' }) html!: string;
  @ApiProperty() problem!: string;
  @ApiProperty() results!: string;
  @ApiProperty({ enum: COST_RANGES, nullable: true }) costRange!: CostRange | null;
  @ApiProperty({ nullable: true, type: String }) periodFrom!: string | null;
  @ApiProperty({ nullable: true, type: String }) periodTo!: string | null;
  @ApiProperty({ nullable: true, type: String }) contactName!: string | null;
  @ApiProperty({ nullable: true, type: String }) contactEmail!: string | null;
  @ApiProperty({ type: [RelatedLinkView] }) links!: RelatedLinkView[];
  @ApiProperty({ nullable: true, type: String, description: "the reviewer's comment when the draft was sent back" })
  reviewComment!: string | null;
  @ApiProperty({ description: 'published revisions so far' }) revision!: number;
  @ApiProperty({ nullable: true, type: String }) archivedAt!: string | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ description: 'the caller may edit' }) canEdit!: boolean;
  @ApiProperty({ description: 'the caller may publish, send back, archive' }) canReview!: boolean;
}

export class PostPage {
  @ApiProperty({ type: [PostSummaryView] }) items!: PostSummaryView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class RevisionView {
  @ApiProperty() number!: number;
  @ApiProperty({ type: PersonView }) editor!: PersonView;
  @ApiProperty({ type: [String] }) changedFields!: string[];
  @ApiProperty({ nullable: true, type: String }) note!: string | null;
  @ApiProperty({ description: 'the fields as they stood after this revision', type: 'object', additionalProperties: true })
  snapshot!: Record<string, unknown>;
  @ApiProperty() createdAt!: string;
}

export class RevisionPage {
  @ApiProperty({ type: [RevisionView] }) items!: RevisionView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
