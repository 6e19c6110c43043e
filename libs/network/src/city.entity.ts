import { Entity, Index, Property, Unique } from '@mikro-orm/core';
import { BaseEntity } from '@agora/platform';

@Entity({ tableName: 'city' })
export class City extends BaseEntity {
  @Property({ length: 80 })
  @Unique()
  slug: string;

  @Property({ length: 120 })
  name: string;

  /** ISO 3166-1 alpha-2, upper case. */
  @Property({ length: 2 })
  @Index()
  country: string;

  @Property({ type: 'smallint', nullable: true })
  memberSince: number | null;

  constructor(slug: string, name: string, country: string, memberSince: number | null = null) {
    super();
    this.slug = slug;
    this.name = name;
    this.country = country.toUpperCase();
    this.memberSince = memberSince;
  }
}
