import { Entity, Index, ManyToOne, Property, Unique } from '@mikro-orm/core';
import { BaseEntity } from '@agora/platform';
import { User } from '@agora/identity';
import { Post } from './post.entity';

/** A language variant of a post: the same practice told in another language. */
@Entity({ tableName: 'post_translation' })
@Unique({ properties: ['post', 'language'] })
@Index({
  name: 'post_translation_search_idx',
  expression: 'create index "post_translation_search_idx" on "post_translation" using gin ("search_vector")',
})
export class PostTranslation extends BaseEntity {
  @ManyToOne(() => Post, { deleteRule: 'cascade' })
  post: Post;

  @Property({ length: 5 })
  language: string;

  @Property({ length: 200 })
  title: string;

  @Property({ length: 1000 })
  summary: string;

  @Property({ type: 'text' })
  body: string;

  @Property({ type: 'text' })
  html: string;

  @ManyToOne(() => User, { deleteRule: 'cascade' })
  translator: User;

  @Property({ type: 'timestamptz' })
  updatedAt: Date = new Date();

  /** Stemmed in the translation's own language, like the post's. */
  @Property({
    columnType: 'tsvector',
    lazy: true,
    hidden: true,
    generated: `(setweight(to_tsvector(agora_search_config(language), (title)::text), 'A'::"char") || setweight(to_tsvector(agora_search_config(language), (summary)::text), 'B'::"char") || setweight(to_tsvector(agora_search_config(language), body), 'C'::"char")) stored`,
  })
  searchVector?: string;

  constructor(post: Post, language: string, title: string, summary: string, body: string, html: string, translator: User) {
    super();
    this.post = post;
    this.language = language;
    this.title = title;
    this.summary = summary;
    this.body = body;
    this.html = html;
    this.translator = translator;
  }

  update(title: string, summary: string, body: string, html: string, translator: User): void {
    Object.assign(this, { title, summary, body, html, translator, updatedAt: new Date() });
  }
}
