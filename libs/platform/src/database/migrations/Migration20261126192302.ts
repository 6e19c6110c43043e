import { Migration } from '@mikro-orm/migrations';

export class Migration20261126192302 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "thread" ("id" uuid not null, "created_at" timestamptz not null, "forum_id" uuid not null, "working_group_id" uuid null, "title" varchar(200) not null, "author_id" uuid not null, "last_seq" int not null default 0, "last_activity_at" timestamptz not null, constraint "thread_pkey" primary key ("id"));`);
    this.addSql(`create index "thread_working_group_id_last_activity_at_index" on "thread" ("working_group_id", "last_activity_at");`);
    this.addSql(`create index "thread_forum_id_last_activity_at_index" on "thread" ("forum_id", "last_activity_at");`);

    this.addSql(`create table "read_position" ("user_id" uuid not null, "thread_id" uuid not null, "seq" int not null, "updated_at" timestamptz not null, constraint "read_position_pkey" primary key ("user_id", "thread_id"));`);
    this.addSql(`create index "read_position_thread_id_index" on "read_position" ("thread_id");`);

    this.addSql(`create table "message" ("id" uuid not null, "created_at" timestamptz not null, "thread_id" uuid not null, "seq" int not null, "author_id" uuid not null, "client_msg_id" varchar(64) not null, "body" text not null, "html" text not null, "edited_at" timestamptz null, "deleted_at" timestamptz null, constraint "message_pkey" primary key ("id"));`);
    this.addSql(`alter table "message" add constraint "message_author_id_client_msg_id_unique" unique ("author_id", "client_msg_id");`);
    this.addSql(`alter table "message" add constraint "message_thread_id_seq_unique" unique ("thread_id", "seq");`);

    this.addSql(`create table "mention" ("message_id" uuid not null, "user_id" uuid not null, constraint "mention_pkey" primary key ("message_id", "user_id"));`);
    this.addSql(`create index "mention_user_id_index" on "mention" ("user_id");`);

    this.addSql(`alter table "thread" add constraint "thread_forum_id_foreign" foreign key ("forum_id") references "forum" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "thread" add constraint "thread_working_group_id_foreign" foreign key ("working_group_id") references "working_group" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "thread" add constraint "thread_author_id_foreign" foreign key ("author_id") references "app_user" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "read_position" add constraint "read_position_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "read_position" add constraint "read_position_thread_id_foreign" foreign key ("thread_id") references "thread" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "message" add constraint "message_thread_id_foreign" foreign key ("thread_id") references "thread" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "message" add constraint "message_author_id_foreign" foreign key ("author_id") references "app_user" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "mention" add constraint "mention_message_id_foreign" foreign key ("message_id") references "message" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "mention" add constraint "mention_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "read_position" drop constraint "read_position_thread_id_foreign";`);

    this.addSql(`alter table "message" drop constraint "message_thread_id_foreign";`);

    this.addSql(`alter table "mention" drop constraint "mention_message_id_foreign";`);

    this.addSql(`drop table if exists "thread" cascade;`);

    this.addSql(`drop table if exists "read_position" cascade;`);

    this.addSql(`drop table if exists "message" cascade;`);

    this.addSql(`drop table if exists "mention" cascade;`);
  }

}
