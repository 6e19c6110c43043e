import { Entity, ManyToOne, Unique } from '@mikro-orm/core';
import { BaseEntity } from '@agora/platform';
import { User } from '@agora/identity';
import { Forum } from './forum.entity';

/** A user follows a forum: what drives their digest. */
@Entity({ tableName: 'forum_follow' })
@Unique({ properties: ['user', 'forum'] })
export class ForumFollow extends BaseEntity {
  @ManyToOne(() => User, { deleteRule: 'cascade' })
  user: User;

  @ManyToOne(() => Forum, { deleteRule: 'cascade', index: true })
  forum: Forum;

  constructor(user: User, forum: Forum) {
    super();
    this.user = user;
    this.forum = forum;
  }
}
