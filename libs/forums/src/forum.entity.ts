import { Entity, Property, Unique } from '@mikro-orm/core';
import { BaseEntity } from '@agora/platform';

/** One of the six thematic forums; seeded, not created through the API. */
@Entity({ tableName: 'forum' })
export class Forum extends BaseEntity {
  @Property({ length: 80 })
  @Unique()
  slug: string;

  @Property({ length: 120 })
  name: string;

  @Property({ type: 'text' })
  description: string;

  @Property({ type: 'smallint' })
  position: number;

  constructor(slug: string, name: string, description: string, position: number) {
    super();
    this.slug = slug;
    this.name = name;
    this.description = description;
    this.position = position;
  }
}
