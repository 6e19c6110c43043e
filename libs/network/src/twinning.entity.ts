import { Check, Entity, ManyToOne, Property, Unique } from '@mikro-orm/core';
import { BaseEntity } from '@agora/platform';
import { City } from './city.entity';

/** A twinning is stored once, with the pair ordered by id, so it cannot be recorded twice. */
@Entity({ tableName: 'twinning' })
@Unique({ properties: ['first', 'second'] })
@Check({ expression: 'first_id < second_id' })
export class Twinning extends BaseEntity {
  @ManyToOne(() => City, { deleteRule: 'cascade' })
  first: City;

  @ManyToOne(() => City, { deleteRule: 'cascade', index: true })
  second: City;

  @Property({ type: 'smallint', nullable: true })
  since: number | null;

  constructor(a: City, b: City, since: number | null) {
    super();
    [this.first, this.second] = a.id < b.id ? [a, b] : [b, a];
    this.since = since;
  }

  partnerOf(city: City): City {
    return this.first.id === city.id ? this.second : this.first;
  }
}
