import { Entity, ManyToOne, Property, Unique } from '@mikro-orm/core';
import { BaseEntity, EnumOf } from '@agora/platform';
import { Forum } from './forum.entity';

export const VISIBILITIES = ['public', 'private'] as const;
export type Visibility = (typeof VISIBILITIES)[number];

@Entity({ tableName: 'working_group' })
@Unique({ properties: ['forum', 'name'] })
export class WorkingGroup extends BaseEntity {
  @ManyToOne(() => Forum, { deleteRule: 'cascade' })
  forum: Forum;

  @Property({ length: 120 })
  name: string;

  @Property({ type: 'text' })
  description: string;

  @EnumOf(VISIBILITIES)
  visibility: Visibility;

  constructor(forum: Forum, name: string, description: string, visibility: Visibility) {
    super();
    this.forum = forum;
    this.name = name;
    this.description = description;
    this.visibility = visibility;
  }
}
