import { Entity, ManyToOne, PrimaryKeyProp, Property } from '@mikro-orm/core';
import { User } from '@agora/identity';
import { Thread } from './thread.entity';

/** How far a user has read in a thread: every message with a seq up to this one. */
@Entity({ tableName: 'read_position' })
export class ReadPosition {
  [PrimaryKeyProp]?: ['user', 'thread'];

  @ManyToOne(() => User, { primary: true, deleteRule: 'cascade' })
  user: User;

  @ManyToOne(() => Thread, { primary: true, deleteRule: 'cascade', index: true })
  thread: Thread;

  @Property({ type: 'integer' })
  seq: number;

  @Property({ type: 'timestamptz' })
  updatedAt: Date = new Date();

  constructor(user: User, thread: Thread, seq: number) {
    this.user = user;
    this.thread = thread;
    this.seq = seq;
  }
}
