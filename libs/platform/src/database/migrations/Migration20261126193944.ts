import { Migration } from '@mikro-orm/migrations';

export class Migration20261126193944 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "digest" ("id" uuid not null, "created_at" timestamptz not null, "user_id" uuid not null, "recipient" varchar(254) not null, "kind" text check ("kind" in ('daily', 'weekly', 'mentions')) not null, "period_key" varchar(40) not null, "since" timestamptz not null, "until" timestamptz not null, "status" text check ("status" in ('ready', 'empty', 'sending', 'sent', 'failed')) not null, "subject" text null, "html" text null, "text" text null, "message_id" varchar(200) null, "attempts" smallint not null default 0, "last_error" text null, "sent_at" timestamptz null, constraint "digest_pkey" primary key ("id"));`);
    this.addSql(`create index "digest_status_index" on "digest" ("status");`);
    this.addSql(`alter table "digest" add constraint "digest_user_id_period_key_unique" unique ("user_id", "period_key");`);

    this.addSql(`create table "digest_subscription" ("user_id" uuid not null, "scope_kind" text check ("scope_kind" in ('forum', 'working-group')) not null, "scope_id" uuid not null, "level" text check ("level" in ('every-update', 'daily', 'weekly', 'muted')) not null, constraint "digest_subscription_pkey" primary key ("user_id", "scope_kind", "scope_id"));`);

    this.addSql(`create table "digest_preference" ("user_id" uuid not null, "frequency" text check ("frequency" in ('daily', 'weekly', 'off')) not null default 'weekly', "weekday" smallint not null default 1, "hour" smallint not null default 8, "timezone" varchar(64) not null, "language" text check ("language" in ('en', 'it', 'de', 'fr')) not null default 'en', "updated_at" timestamptz not null, constraint "digest_preference_pkey" primary key ("user_id"));`);

    this.addSql(`alter table "digest_subscription" add constraint "digest_subscription_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "digest_preference" add constraint "digest_preference_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "digest" cascade;`);

    this.addSql(`drop table if exists "digest_subscription" cascade;`);

    this.addSql(`drop table if exists "digest_preference" cascade;`);
  }

}
