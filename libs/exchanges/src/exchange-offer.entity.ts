import { ArrayType, Entity, Index, ManyToOne, Property } from '@mikro-orm/core';
import { BaseEntity } from '@agora/platform';
import { City } from '@agora/network';
import { User } from '@agora/identity';
import { Forum } from '@agora/forums';

/**
 * A placement a city offers to officers of other member cities. `placesTaken` counts accepted
 * applications; it only ever moves through a conditional UPDATE (`places_taken < places`), so
 * two hosts accepting at once cannot over-fill the offer.
 */
@Entity({ tableName: 'exchange_offer' })
@Index({ properties: ['forum', 'applicationDeadline'] })
@Index({ properties: ['hostCity', 'applicationDeadline'] })
@Index({ properties: ['createdAt'] })
@Index({
  name: 'exchange_offer_search_idx',
  expression: 'create index "exchange_offer_search_idx" on "exchange_offer" using gin ("search_vector")',
})
export class ExchangeOffer extends BaseEntity {
  @ManyToOne(() => City, { deleteRule: 'cascade' })
  hostCity: City;

  @ManyToOne(() => Forum, { deleteRule: 'cascade' })
  forum: Forum;

  @ManyToOne(() => User, { deleteRule: 'cascade' })
  createdBy: User;

  @Property({ length: 200 })
  topic: string;

  @Property({ length: 200 })
  department: string;

  @Property({ type: 'text' })
  description: string;

  @Property({ type: ArrayType })
  languages: string[];

  @Property({ type: 'integer' })
  places: number;

  @Property({ type: 'integer' })
  placesTaken: number = 0;

  @Property({ type: 'date' })
  startDate: string;

  @Property({ type: 'date' })
  endDate: string;

  /** The last day applications are taken (inclusive, in UTC). */
  @Property({ type: 'date' })
  applicationDeadline: string;

  /** A published best-practice post that reports on the completed exchange. */
  @Property({ type: 'uuid', nullable: true })
  reportPostId: string | null = null;

  /** Offers have no language of their own: `simple`, accent-folded. */
  @Property({
    columnType: 'tsvector',
    lazy: true,
    hidden: true,
    generated: `(setweight(to_tsvector('agora_simple'::regconfig, (topic)::text), 'A'::"char") || setweight(to_tsvector('agora_simple'::regconfig, (((department)::text || ' '::text) || description)), 'C'::"char")) stored`,
  })
  searchVector?: string;

  constructor(init: {
    hostCity: City;
    forum: Forum;
    createdBy: User;
    topic: string;
    department: string;
    description: string;
    languages: string[];
    places: number;
    startDate: string;
    endDate: string;
    applicationDeadline: string;
  }) {
    super();
    this.hostCity = init.hostCity;
    this.forum = init.forum;
    this.createdBy = init.createdBy;
    this.topic = init.topic;
    this.department = init.department;
    this.description = init.description;
    this.languages = init.languages;
    this.places = init.places;
    this.startDate = init.startDate;
    this.endDate = init.endDate;
    this.applicationDeadline = init.applicationDeadline;
  }
}
