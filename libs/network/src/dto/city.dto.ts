import { ApiProperty, ApiPropertyOptional, PartialType, PickType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';
import { PageQuery } from '@agora/platform';
import { MANDATE_ROLES, MandateRole, SCOPE_KINDS, ScopeKind } from '../mandate.entity';

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const COUNTRY = /^[A-Z]{2}$/;

export class CityRef {
  @ApiProperty() slug!: string;
  @ApiProperty() name!: string;
}

export class CitySummary extends CityRef {
  @ApiProperty({ example: 'IT' }) country!: string;
  @ApiProperty({ nullable: true, type: Number }) memberSince!: number | null;
}

export class MandateScope {
  @ApiProperty({ enum: SCOPE_KINDS }) kind!: ScopeKind;
  @ApiPropertyOptional({ description: 'forum slug or working-group id' }) slug?: string;
}

export class MandateView {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: MANDATE_ROLES }) role!: MandateRole;
  @ApiProperty({ type: MandateScope }) scope!: MandateScope;
  @ApiProperty({ description: 'year' }) from!: number;
  @ApiProperty({ description: 'year; null while current', nullable: true, type: Number }) to!: number | null;
}

export class TwinningView {
  @ApiProperty({ type: CityRef }) city!: CityRef;
  @ApiProperty({ nullable: true, type: Number }) since!: number | null;
}

export class CityProfile extends CitySummary {
  @ApiProperty({ type: [TwinningView] }) twinnings!: TwinningView[];
  @ApiProperty({ type: [MandateView] }) mandates!: MandateView[];
}

export class CityPage {
  @ApiProperty({ type: [CitySummary] }) items!: CitySummary[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class CityListQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'IT' })
  @IsOptional()
  @Matches(COUNTRY, { message: 'country must be an ISO 3166-1 alpha-2 code such as IT' })
  country?: string;
}

export class CreateCityDto {
  @ApiProperty({ example: 'malmo' })
  @Matches(SLUG, { message: 'slug must be lower-case letters, digits and single dashes' })
  @MaxLength(80)
  slug!: string;

  @ApiProperty({ example: 'Malmö' })
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  name!: string;

  @ApiProperty({ example: 'SE' })
  @Matches(COUNTRY, { message: 'country must be an ISO 3166-1 alpha-2 code such as SE' })
  country!: string;

  @ApiPropertyOptional({ nullable: true, type: Number, example: 1991 })
  @IsOptional()
  @IsInt()
  @Min(1986)
  @Max(2100)
  memberSince?: number | null;
}

export class UpdateCityDto extends PartialType(PickType(CreateCityDto, ['name', 'country', 'memberSince'] as const)) {}

export class CreateMandateDto {
  @ApiProperty({ enum: MANDATE_ROLES })
  @IsIn(MANDATE_ROLES)
  role!: MandateRole;

  @ApiPropertyOptional({ description: 'forum slug (forum roles) or working-group id (working-group-lead); omitted for network roles' })
  // The role is not validated yet when this runs: a number there must not throw (it was a 500).
  @ValidateIf(
    (dto: CreateMandateDto) => (typeof dto.role === 'string' && dto.role.startsWith('forum-')) || dto.role === 'working-group-lead',
  )
  @IsString()
  @MinLength(1)
  @MaxLength(80)
  scope?: string;

  @ApiProperty({ example: 2024 })
  @Type(() => Number)
  @IsInt()
  @Min(1986)
  @Max(2100)
  from!: number;

  @ApiPropertyOptional({ nullable: true, type: Number })
  @IsOptional()
  @IsInt()
  @Min(1986)
  @Max(2100)
  to?: number | null;
}

export class EndMandateDto {
  @ApiProperty({ example: 2025 })
  @IsInt()
  @Min(1986)
  @Max(2100)
  to!: number;
}

export class CreateTwinningDto {
  @ApiProperty({ description: 'slug of the partner city' })
  @Matches(SLUG)
  @MaxLength(80)
  city!: string;

  @ApiPropertyOptional({ nullable: true, type: Number, example: 1962 })
  @IsOptional()
  @IsInt()
  @Min(800)
  @Max(2100)
  since?: number | null;
}

export class ExecutiveCommitteeView {
  @ApiProperty({ type: CityRef, nullable: true }) chair!: CityRef | null;
  @ApiProperty({ type: [CityRef] }) members!: CityRef[];
}

export class NetworkView {
  @ApiProperty() name!: string;
  @ApiProperty() founded!: number;
  @ApiProperty({ example: { city: 'Brussels', country: 'BE' } }) secretariat!: { city: string; country: string };
  @ApiProperty() memberCities!: number;
}
