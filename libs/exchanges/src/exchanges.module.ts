import { Module } from '@nestjs/common';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { ForumsModule } from '@agora/forums';
import { IdentityModule } from '@agora/identity';
import { KnowledgeModule } from '@agora/knowledge';
import { NetworkModule } from '@agora/network';
import { ExchangeApplication } from './exchange-application.entity';
import { ExchangeOffer } from './exchange-offer.entity';
import { ExchangesController } from './exchanges.controller';
import { ExchangesService } from './exchanges.service';
import { ExchangesFeed } from './exchanges.feed';

@Module({
  imports: [MikroOrmModule.forFeature([ExchangeOffer, ExchangeApplication]), NetworkModule, IdentityModule, ForumsModule, KnowledgeModule],
  providers: [ExchangesFeed, ExchangesService],
  exports: [ExchangesFeed, ExchangesService],
})
export class ExchangesModule {}

/** The HTTP side; the worker imports ExchangesModule alone, without routes. */
@Module({
  imports: [ExchangesModule],
  controllers: [ExchangesController],
})
export class ExchangesHttpModule {}
