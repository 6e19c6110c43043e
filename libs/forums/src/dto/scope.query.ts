import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID, Matches } from 'class-validator';
import { PageQuery } from '@agora/platform';

const SLUG = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** `?forum=&workingGroup=&city=`: where content lives, shared by the lists and the search above forums. */
export class ScopeQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'forum slug' })
  @IsOptional()
  @Matches(SLUG, { message: 'forum must be a forum slug' })
  forum?: string;

  @ApiPropertyOptional({ description: 'working group id' })
  @IsOptional()
  @IsUUID()
  workingGroup?: string;

  @ApiPropertyOptional({ description: 'city slug (posts of, and exchanges hosted by, that city)' })
  @IsOptional()
  @Matches(SLUG, { message: 'city must be a city slug' })
  city?: string;
}
