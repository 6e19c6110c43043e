import { Migration } from '@mikro-orm/migrations';

/** Comments on best-practice posts: a post points at the discussion thread that holds them. */
export class Migration20261126204500 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "post" add column "thread_id" uuid null;`);
    this.addSql(`alter table "post" add constraint "post_thread_id_foreign" foreign key ("thread_id") references "thread" ("id") on update cascade on delete set null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "post" drop constraint "post_thread_id_foreign";`);
    this.addSql(`alter table "post" drop column "thread_id";`);
  }
}
