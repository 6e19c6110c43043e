import { Entity, ManyToOne, Property, Unique } from '@mikro-orm/core';
import { BaseEntity, EnumOf } from '@agora/platform';
import { City } from '@agora/network';
import { User } from '@agora/identity';
import { ExchangeOffer } from './exchange-offer.entity';

export const APPLICATION_STATUSES = ['submitted', 'accepted', 'declined', 'withdrawn'] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

/** An officer's application for a placement; one per officer and offer. */
@Entity({ tableName: 'exchange_application' })
@Unique({ properties: ['offer', 'applicant'] })
export class ExchangeApplication extends BaseEntity {
  @ManyToOne(() => ExchangeOffer, { deleteRule: 'cascade' })
  offer: ExchangeOffer;

  @ManyToOne(() => User, { deleteRule: 'cascade' })
  applicant: User;

  /** The applicant's city when they applied. */
  @ManyToOne(() => City, { deleteRule: 'cascade' })
  applicantCity: City;

  @Property({ type: 'text' })
  motivation: string;

  @EnumOf(APPLICATION_STATUSES)
  status: ApplicationStatus = 'submitted';

  @Property({ type: 'timestamptz', nullable: true })
  decidedAt: Date | null = null;

  constructor(offer: ExchangeOffer, applicant: User, applicantCity: City, motivation: string) {
    super();
    this.offer = offer;
    this.applicant = applicant;
    this.applicantCity = applicantCity;
    this.motivation = motivation;
  }
}
