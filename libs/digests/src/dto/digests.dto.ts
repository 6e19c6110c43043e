import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsInt, IsString, Max, MaxLength, Min } from 'class-validator';
import { DIGEST_LANGUAGES, DigestLanguage, Frequency, FREQUENCIES } from '../digest-preference.entity';
import { Level, LEVELS, SCOPE_KINDS, ScopeKind } from '../digest-subscription.entity';
import { DIGEST_KINDS, DIGEST_STATUSES, DigestKind, DigestStatus } from '../digest.entity';

export class DigestPreferencesDto {
  @ApiProperty({ enum: FREQUENCIES, default: 'weekly' })
  @IsIn(FREQUENCIES)
  frequency!: Frequency;

  @ApiProperty({ minimum: 1, maximum: 7, description: 'ISO weekday of the weekly digest, 1 = Monday', default: 1 })
  @IsInt()
  @Min(1)
  @Max(7)
  weekday!: number;

  @ApiProperty({ minimum: 0, maximum: 23, description: 'local hour from which digests go out', default: 8 })
  @IsInt()
  @Min(0)
  @Max(23)
  hour!: number;

  @ApiProperty({ example: 'Europe/Rome', description: 'IANA time zone' })
  @IsString()
  @MaxLength(64)
  timezone!: string;

  @ApiProperty({ enum: DIGEST_LANGUAGES, default: 'en' })
  @IsIn(DIGEST_LANGUAGES)
  language!: DigestLanguage;
}

export class LevelDto {
  @ApiProperty({
    enum: LEVELS,
    description: 'every-update: mentions mailed within minutes (and the digest); daily/weekly: in that digest; muted: nothing',
  })
  @IsIn(LEVELS)
  level!: Level;
}

export class ScopeLevelView {
  @ApiProperty({ enum: SCOPE_KINDS }) scope!: ScopeKind;
  @ApiProperty({ description: 'forum or working-group id' }) id!: string;
  @ApiProperty({ enum: LEVELS }) level!: Level;
}

export class DigestPreferencesView extends DigestPreferencesDto {
  @ApiProperty({ type: [ScopeLevelView], description: 'per forum and working group, where it differs from the frequency' })
  levels!: ScopeLevelView[];
}

export class DigestPreviewView {
  @ApiProperty() subject!: string;
  @ApiProperty() html!: string;
  @ApiProperty() text!: string;
}

export class RunDigestsDto {
  @ApiProperty({ enum: ['daily', 'weekly'] })
  @IsIn(['daily', 'weekly'])
  frequency!: 'daily' | 'weekly';
}

export class DigestRecordView {
  @ApiProperty() id!: string;
  @ApiProperty() userId!: string;
  @ApiProperty({ enum: DIGEST_KINDS }) kind!: DigestKind;
  @ApiProperty() periodKey!: string;
  @ApiProperty({ enum: DIGEST_STATUSES }) status!: DigestStatus;
  @ApiProperty() attempts!: number;
  @ApiProperty({ nullable: true, type: String }) lastError!: string | null;
  @ApiProperty({ nullable: true, type: String }) messageId!: string | null;
  @ApiProperty({ nullable: true, type: String }) sentAt!: string | null;
  @ApiProperty() createdAt!: string;
}

export class DigestRecordPage {
  @ApiProperty({ type: [DigestRecordView] }) items!: DigestRecordView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
