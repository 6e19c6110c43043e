import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '@agora/platform';
import { SearchPage, SearchQuery } from './dto/search.dto';
import { SearchService } from './search.service';

@ApiTags('search')
@Controller('search')
export class SearchController {
  constructor(private readonly search: SearchService) {}

  @Get()
  @ApiOperation({ summary: 'Full-text search over the posts, threads, messages and exchanges you may see, best match first' })
  @ApiOkResponse({ type: SearchPage })
  find(@CurrentUser() user: AuthUser, @Query() query: SearchQuery) {
    return this.search.search(user, query);
  }
}
