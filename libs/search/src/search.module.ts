import { Module } from '@nestjs/common';
import { ForumsModule } from '@agora/forums';
import { NetworkModule } from '@agora/network';
import { SearchController } from './search.controller';
import { SearchService } from './search.service';
import { SearchStatistics } from './search-statistics.service';

/** Owns no table: it reads the search columns of the knowledge, discussions and exchanges tables (search.queries.ts). */
@Module({
  imports: [NetworkModule, ForumsModule],
  controllers: [SearchController],
  providers: [SearchService, SearchStatistics],
})
export class SearchModule {}
