export { ExchangeApplication } from './exchange-application.entity';
export { ExchangeOffer } from './exchange-offer.entity';
