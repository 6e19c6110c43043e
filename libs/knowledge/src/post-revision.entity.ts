import { ArrayType, Entity, ManyToOne, Property, Unique } from '@mikro-orm/core';
import { BaseEntity } from '@agora/platform';
import { User } from '@agora/identity';
import { Post } from './post.entity';

/**
 * One published state of a post: who made it, when, which fields changed, and the text as it
 * then stood (so any earlier version can be shown). Revision 1 is the state at publication.
 */
@Entity({ tableName: 'post_revision' })
@Unique({ properties: ['post', 'number'] })
export class PostRevision extends BaseEntity {
  @ManyToOne(() => Post, { deleteRule: 'cascade' })
  post: Post;

  @Property({ type: 'integer' })
  number: number;

  @ManyToOne(() => User, { deleteRule: 'cascade' })
  editor: User;

  @Property({ type: ArrayType })
  changedFields: string[];

  /** The revisable fields as they stood after this revision. */
  @Property({ type: 'json' })
  snapshot: Record<string, unknown>;

  @Property({ length: 500, nullable: true })
  note: string | null;

  constructor(post: Post, number: number, editor: User, changedFields: string[], snapshot: Record<string, unknown>, note: string | null) {
    super();
    this.post = post;
    this.number = number;
    this.editor = editor;
    this.changedFields = changedFields;
    this.snapshot = snapshot;
    this.note = note;
  }
}
