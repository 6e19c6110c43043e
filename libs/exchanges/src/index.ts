export * from './dto/exchanges.dto';
export { ExchangeApplication } from './exchange-application.entity';
export { ExchangeOffer } from './exchange-offer.entity';
export * from './exchanges.module';
export * from './exchanges.service';
export * from './exchanges.feed';
