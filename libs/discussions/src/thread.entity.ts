import { Entity, Index, ManyToOne, Property } from '@mikro-orm/core';
import { BaseEntity } from '@agora/platform';
import { User } from '@agora/identity';
import { Forum, WorkingGroup } from '@agora/forums';

/** A discussion in a forum, or in one of its working groups. */
@Entity({ tableName: 'thread' })
@Index({ properties: ['forum', 'lastActivityAt'] })
@Index({ properties: ['workingGroup', 'lastActivityAt'] })
export class Thread extends BaseEntity {
  @ManyToOne(() => Forum, { deleteRule: 'cascade' })
  forum: Forum;

  @ManyToOne(() => WorkingGroup, { nullable: true, deleteRule: 'cascade' })
  workingGroup: WorkingGroup | null;

  @Property({ length: 200 })
  title: string;

  @ManyToOne(() => User, { deleteRule: 'cascade' })
  author: User;

  /** The seq of the newest message; raised in the same transaction that stores the message. */
  @Property({ type: 'integer' })
  lastSeq: number = 0;

  @Property({ type: 'timestamptz' })
  lastActivityAt: Date = new Date();

  constructor(forum: Forum, workingGroup: WorkingGroup | null, title: string, author: User) {
    super();
    this.forum = forum;
    this.workingGroup = workingGroup;
    this.title = title;
    this.author = author;
  }
}
