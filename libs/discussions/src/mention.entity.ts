import { Entity, ManyToOne, PrimaryKeyProp } from '@mikro-orm/core';
import { User } from '@agora/identity';
import { Message } from './message.entity';

/** A user @mentioned in a message (read by the digest and notification mail). */
@Entity({ tableName: 'mention' })
export class Mention {
  [PrimaryKeyProp]?: ['message', 'user'];

  @ManyToOne(() => Message, { primary: true, deleteRule: 'cascade' })
  message: Message;

  @ManyToOne(() => User, { primary: true, deleteRule: 'cascade', index: true })
  user: User;

  constructor(message: Message, user: User) {
    this.message = message;
    this.user = user;
  }
}
