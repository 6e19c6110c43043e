import { Entity, ManyToOne, Property, Unique } from '@mikro-orm/core';
import { BaseEntity } from '@agora/platform';
import { User } from '@agora/identity';
import { Thread } from './thread.entity';

/**
 * A message in a thread. `seq` is 1, 2, 3 ... per thread without gaps; `clientMsgId` is unique
 * per author so a resend after a lost acknowledgement finds the original.
 */
@Entity({ tableName: 'message' })
@Unique({ properties: ['thread', 'seq'] })
@Unique({ properties: ['author', 'clientMsgId'] })
export class Message extends BaseEntity {
  @ManyToOne(() => Thread, { deleteRule: 'cascade' })
  thread: Thread;

  @Property({ type: 'integer' })
  seq: number;

  @ManyToOne(() => User, { deleteRule: 'cascade' })
  author: User;

  @Property({ length: 64 })
  clientMsgId: string;

  /** The markdown as written. */
  @Property({ type: 'text' })
  body: string;

  /** The body rendered and sanitized once, at write time. */
  @Property({ type: 'text' })
  html: string;

  @Property({ type: 'timestamptz', nullable: true })
  editedAt: Date | null = null;

  /** Soft delete: the row (and its seq) stays, the content goes. */
  @Property({ type: 'timestamptz', nullable: true })
  deletedAt: Date | null = null;

  constructor(thread: Thread, seq: number, author: User, clientMsgId: string, body: string, html: string) {
    super();
    this.thread = thread;
    this.seq = seq;
    this.author = author;
    this.clientMsgId = clientMsgId;
    this.body = body;
    this.html = html;
  }

  edit(body: string, html: string): void {
    this.body = body;
    this.html = html;
    this.editedAt = new Date();
  }

  softDelete(): void {
    this.body = '';
    this.html = '';
    this.deletedAt = new Date();
  }
}
