import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { LANGUAGES, type Language } from '@agora/contract';
import { Role, ROLES } from '@agora/platform';

export class LoginDto {
  @ApiProperty({ example: 'officer.bologna@agora.test' })
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @ApiProperty({ example: 'agora-dev-password' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  password!: string;
}

export class RefreshDto {
  @ApiPropertyOptional({ description: 'omit to use the httpOnly cookie set at sign-in (web client)' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  refreshToken?: string;
}

export class CityRefView {
  @ApiProperty() slug!: string;
  @ApiProperty() name!: string;
}

/** A user as others see them: no e-mail, no role. */
export class PersonView {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: CityRefView, nullable: true }) city!: CityRefView | null;
}

export class UserView {
  @ApiProperty() id!: string;
  @ApiProperty() email!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ROLES }) role!: Role;
  @ApiProperty({ type: CityRefView, nullable: true }) city!: CityRefView | null;
  @ApiProperty({ type: [String], example: ['it', 'en'] }) languages!: string[];
  @ApiProperty({ example: 'Europe/Rome' }) timezone!: string;
}

export class TokenPair {
  @ApiProperty({ description: 'JWT, short-lived; send as Authorization: Bearer' }) accessToken!: string;
  @ApiProperty({ description: 'opaque, single use: each refresh returns a new one' }) refreshToken!: string;
}

export class SessionView extends TokenPair {
  @ApiProperty({ type: UserView }) user!: UserView;
}

export class CreateInvitationDto {
  @ApiProperty({ example: 'officer.malmo@example.org' })
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @ApiPropertyOptional({ description: 'the member city; required for role member', example: 'malmo' })
  @IsOptional()
  @Matches(/^[a-z0-9]+(-[a-z0-9]+)*$/)
  @MaxLength(80)
  citySlug?: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role!: Role;
}

export class InvitationView {
  @ApiProperty() id!: string;
  @ApiProperty() email!: string;
  @ApiProperty({ enum: ROLES }) role!: Role;
  @ApiProperty({ type: CityRefView, nullable: true }) city!: CityRefView | null;
  @ApiProperty() expiresAt!: string;
  @ApiProperty({ description: 'the acceptance link also mailed to the invitee; the inviter may pass it on' }) link!: string;
}

export class AcceptInvitationDto {
  @ApiProperty({ example: 'Anna Lindqvist' })
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  name!: string;

  @ApiProperty({ minLength: 12, description: 'at least 12 characters' })
  @IsString()
  @MinLength(12)
  @MaxLength(200)
  password!: string;
}

/** What a user changes of their own profile; absent fields stay as they are. */
export class UpdateProfileDto {
  @ApiPropertyOptional({ example: 'Giulia Rossi' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  name?: string;

  @ApiPropertyOptional({ example: 'Europe/Rome', description: 'IANA time zone: dates are shown and mailed in it' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  timezone?: string;

  @ApiPropertyOptional({
    enum: LANGUAGES,
    isArray: true,
    example: ['it', 'en'],
    description: 'in order of preference; the first is the interface language, the others are read too',
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(LANGUAGES.length)
  @ArrayUnique()
  @IsIn(LANGUAGES, { each: true })
  languages?: Language[];
}
