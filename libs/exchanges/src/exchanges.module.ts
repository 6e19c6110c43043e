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

@Module({
  imports: [MikroOrmModule.forFeature([ExchangeOffer, ExchangeApplication]), NetworkModule, IdentityModule, ForumsModule, KnowledgeModule],
  controllers: [ExchangesController],
  providers: [ExchangesService],
  exports: [ExchangesService],
})
export class ExchangesModule {}
