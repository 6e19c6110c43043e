import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { PageQuery } from '@agora/platform';
import { PersonView } from '@agora/identity';
import { APPLICATION_STATUSES, ApplicationStatus } from '../exchange-application.entity';

const SLUG = /^[a-z0-9][a-z0-9-]{0,63}$/;
const LANGUAGE = /^[a-z]{2}$/;
/** A calendar date, YYYY-MM-DD (checked to exist by the service). */
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class CreateExchangeDto {
  @ApiProperty({ example: 'Running a bike-sharing scheme' })
  @IsString()
  @MinLength(3)
  @MaxLength(200)
  topic!: string;

  @ApiProperty({ example: 'Department of Mobility' })
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  department!: string;

  @ApiProperty({ example: 'mobility', description: 'forum slug' })
  @Matches(SLUG, { message: 'forum must be a forum slug' })
  forum!: string;

  @ApiProperty({ type: [String], example: ['de', 'en'], description: 'ISO 639-1 codes of the working languages' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @Matches(LANGUAGE, { each: true, message: 'each language must be an ISO 639-1 code' })
  languages!: string[];

  @ApiProperty({ minimum: 1, maximum: 50 })
  @IsInt()
  @Min(1)
  @Max(50)
  places!: number;

  @ApiProperty({ example: '2027-03-01' })
  @Matches(DATE, { message: 'startDate must be YYYY-MM-DD' })
  startDate!: string;

  @ApiProperty({ example: '2027-03-14' })
  @Matches(DATE, { message: 'endDate must be YYYY-MM-DD' })
  endDate!: string;

  @ApiProperty({ example: '2027-01-31', description: 'last day applications are taken' })
  @Matches(DATE, { message: 'applicationDeadline must be YYYY-MM-DD' })
  applicationDeadline!: string;

  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(10_000)
  description!: string;

  @ApiPropertyOptional({ description: 'host city slug (the staff only; officers offer for their own city)' })
  @IsOptional()
  @Matches(SLUG, { message: 'hostCity must be a city slug' })
  hostCity?: string;
}

export class ApplyDto {
  @ApiProperty({ description: 'why you, and what your city will do with it' })
  @IsString()
  @MinLength(10)
  @MaxLength(5000)
  motivation!: string;
}

export class ReportDto {
  @ApiProperty({ description: 'a published best-practice post that reports on the exchange' })
  @IsUUID()
  postId!: string;
}

export class ExchangeListQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'forum slug' })
  @IsOptional()
  @Matches(SLUG, { message: 'forum must be a forum slug' })
  forum?: string;

  @ApiPropertyOptional({ description: 'host city slug' })
  @IsOptional()
  @Matches(SLUG, { message: 'city must be a city slug' })
  city?: string;

  @ApiPropertyOptional({ example: 'de' })
  @IsOptional()
  @Matches(LANGUAGE, { message: 'language must be an ISO 639-1 code' })
  language?: string;

  @ApiPropertyOptional({ enum: ['open', 'closed'], description: 'open: the deadline has not passed' })
  @IsOptional()
  @IsIn(['open', 'closed'])
  status?: 'open' | 'closed';
}

export class ApplicationListQuery extends PageQuery {}

class RefView {
  @ApiProperty() slug!: string;
  @ApiProperty() name!: string;
}

export class ExchangeView {
  @ApiProperty() id!: string;
  @ApiProperty({ type: RefView }) hostCity!: RefView;
  @ApiProperty({ type: RefView }) forum!: RefView;
  @ApiProperty({ type: PersonView }) createdBy!: PersonView;
  @ApiProperty() topic!: string;
  @ApiProperty() department!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ type: [String] }) languages!: string[];
  @ApiProperty() places!: number;
  @ApiProperty({ description: 'accepted applications' }) placesTaken!: number;
  @ApiProperty() startDate!: string;
  @ApiProperty() endDate!: string;
  @ApiProperty() applicationDeadline!: string;
  @ApiProperty({ description: 'applications are taken (the deadline has not passed)' }) open!: boolean;
  @ApiProperty({ nullable: true, type: String, description: 'the best-practice post reporting on it' }) reportPostId!: string | null;
  @ApiProperty() createdAt!: string;
}

export class ExchangePage {
  @ApiProperty({ type: [ExchangeView] }) items!: ExchangeView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class ApplicationView {
  @ApiProperty() id!: string;
  @ApiProperty() exchangeId!: string;
  @ApiProperty({ type: PersonView }) applicant!: PersonView;
  @ApiProperty() motivation!: string;
  @ApiProperty({ enum: APPLICATION_STATUSES }) status!: ApplicationStatus;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ nullable: true, type: String }) decidedAt!: string | null;
}

export class ApplicationPage {
  @ApiProperty({ type: [ApplicationView] }) items!: ApplicationView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
