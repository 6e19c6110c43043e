import { Migration } from '@mikro-orm/migrations';

export class Migration20261126185527 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "city" ("id" uuid not null, "created_at" timestamptz not null, "slug" varchar(80) not null, "name" varchar(120) not null, "country" varchar(2) not null, "member_since" smallint null, constraint "city_pkey" primary key ("id"));`);
    this.addSql(`alter table "city" add constraint "city_slug_unique" unique ("slug");`);
    this.addSql(`create index "city_country_index" on "city" ("country");`);

    this.addSql(`create table "forum" ("id" uuid not null, "created_at" timestamptz not null, "slug" varchar(80) not null, "name" varchar(120) not null, "description" text not null, "position" smallint not null, constraint "forum_pkey" primary key ("id"));`);
    this.addSql(`alter table "forum" add constraint "forum_slug_unique" unique ("slug");`);

    this.addSql(`create table "mandate" ("id" uuid not null, "created_at" timestamptz not null, "city_id" uuid not null, "role" text check ("role" in ('president', 'executive-committee-member', 'executive-committee-chair', 'forum-chair', 'forum-vice-chair', 'working-group-lead')) not null, "scope_kind" text check ("scope_kind" in ('network', 'forum', 'working-group')) not null, "scope_ref" varchar(80) null, "from" smallint not null, "to" smallint null, constraint "mandate_pkey" primary key ("id"), constraint mandate_check check ("to" is null or "to" >= "from"));`);
    this.addSql(`create index "mandate_city_id_index" on "mandate" ("city_id");`);
    this.addSql(`create index "mandate_role_scope_ref_index" on "mandate" ("role", "scope_ref");`);

    this.addSql(`create table "twinning" ("id" uuid not null, "created_at" timestamptz not null, "first_id" uuid not null, "second_id" uuid not null, "since" smallint null, constraint "twinning_pkey" primary key ("id"), constraint twinning_check check (first_id < second_id));`);
    this.addSql(`create index "twinning_second_id_index" on "twinning" ("second_id");`);
    this.addSql(`alter table "twinning" add constraint "twinning_first_id_second_id_unique" unique ("first_id", "second_id");`);

    this.addSql(`create table "app_user" ("id" uuid not null, "created_at" timestamptz not null, "email" varchar(254) not null, "name" varchar(120) not null, "password_hash" varchar(200) not null, "role" text check ("role" in ('admin', 'secretariat', 'member')) not null, "city_id" uuid null, "languages" text[] not null, "timezone" varchar(64) not null, constraint "app_user_pkey" primary key ("id"));`);
    this.addSql(`alter table "app_user" add constraint "app_user_email_unique" unique ("email");`);
    this.addSql(`create index "app_user_city_id_index" on "app_user" ("city_id");`);

    this.addSql(`create table "refresh_token" ("id" uuid not null, "created_at" timestamptz not null, "user_id" uuid not null, "family_id" uuid not null, "token_hash" varchar(64) not null, "expires_at" timestamptz not null, "used_at" timestamptz null, "revoked_at" timestamptz null, constraint "refresh_token_pkey" primary key ("id"));`);
    this.addSql(`create index "refresh_token_user_id_index" on "refresh_token" ("user_id");`);
    this.addSql(`create index "refresh_token_family_id_index" on "refresh_token" ("family_id");`);
    this.addSql(`alter table "refresh_token" add constraint "refresh_token_token_hash_unique" unique ("token_hash");`);

    this.addSql(`create table "invitation" ("id" uuid not null, "created_at" timestamptz not null, "email" varchar(254) not null, "role" text check ("role" in ('admin', 'secretariat', 'member')) not null, "city_id" uuid null, "invited_by_id" uuid not null, "token_hash" varchar(64) not null, "expires_at" timestamptz not null, "accepted_at" timestamptz null, constraint "invitation_pkey" primary key ("id"));`);
    this.addSql(`alter table "invitation" add constraint "invitation_token_hash_unique" unique ("token_hash");`);

    this.addSql(`create table "forum_follow" ("id" uuid not null, "created_at" timestamptz not null, "user_id" uuid not null, "forum_id" uuid not null, constraint "forum_follow_pkey" primary key ("id"));`);
    this.addSql(`create index "forum_follow_forum_id_index" on "forum_follow" ("forum_id");`);
    this.addSql(`alter table "forum_follow" add constraint "forum_follow_user_id_forum_id_unique" unique ("user_id", "forum_id");`);

    this.addSql(`create table "working_group" ("id" uuid not null, "created_at" timestamptz not null, "forum_id" uuid not null, "name" varchar(120) not null, "description" text not null, "visibility" text check ("visibility" in ('public', 'private')) not null, constraint "working_group_pkey" primary key ("id"));`);
    this.addSql(`alter table "working_group" add constraint "working_group_forum_id_name_unique" unique ("forum_id", "name");`);

    this.addSql(`create table "working_group_membership" ("id" uuid not null, "created_at" timestamptz not null, "working_group_id" uuid not null, "user_id" uuid not null, "role" text check ("role" in ('lead', 'member')) not null, "status" text check ("status" in ('active', 'pending')) not null, "approved_at" timestamptz null, constraint "working_group_membership_pkey" primary key ("id"));`);
    this.addSql(`create index "working_group_membership_user_id_status_index" on "working_group_membership" ("user_id", "status");`);
    this.addSql(`alter table "working_group_membership" add constraint "working_group_membership_working_group_id_user_id_unique" unique ("working_group_id", "user_id");`);

    this.addSql(`alter table "mandate" add constraint "mandate_city_id_foreign" foreign key ("city_id") references "city" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "twinning" add constraint "twinning_first_id_foreign" foreign key ("first_id") references "city" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "twinning" add constraint "twinning_second_id_foreign" foreign key ("second_id") references "city" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "app_user" add constraint "app_user_city_id_foreign" foreign key ("city_id") references "city" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "refresh_token" add constraint "refresh_token_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "invitation" add constraint "invitation_city_id_foreign" foreign key ("city_id") references "city" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "invitation" add constraint "invitation_invited_by_id_foreign" foreign key ("invited_by_id") references "app_user" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "forum_follow" add constraint "forum_follow_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "forum_follow" add constraint "forum_follow_forum_id_foreign" foreign key ("forum_id") references "forum" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "working_group" add constraint "working_group_forum_id_foreign" foreign key ("forum_id") references "forum" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "working_group_membership" add constraint "working_group_membership_working_group_id_foreign" foreign key ("working_group_id") references "working_group" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "working_group_membership" add constraint "working_group_membership_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "mandate" drop constraint "mandate_city_id_foreign";`);

    this.addSql(`alter table "twinning" drop constraint "twinning_first_id_foreign";`);

    this.addSql(`alter table "twinning" drop constraint "twinning_second_id_foreign";`);

    this.addSql(`alter table "app_user" drop constraint "app_user_city_id_foreign";`);

    this.addSql(`alter table "invitation" drop constraint "invitation_city_id_foreign";`);

    this.addSql(`alter table "forum_follow" drop constraint "forum_follow_forum_id_foreign";`);

    this.addSql(`alter table "working_group" drop constraint "working_group_forum_id_foreign";`);

    this.addSql(`alter table "refresh_token" drop constraint "refresh_token_user_id_foreign";`);

    this.addSql(`alter table "invitation" drop constraint "invitation_invited_by_id_foreign";`);

    this.addSql(`alter table "forum_follow" drop constraint "forum_follow_user_id_foreign";`);

    this.addSql(`alter table "working_group_membership" drop constraint "working_group_membership_user_id_foreign";`);

    this.addSql(`alter table "working_group_membership" drop constraint "working_group_membership_working_group_id_foreign";`);

    this.addSql(`drop table if exists "city" cascade;`);

    this.addSql(`drop table if exists "forum" cascade;`);

    this.addSql(`drop table if exists "mandate" cascade;`);

    this.addSql(`drop table if exists "twinning" cascade;`);

    this.addSql(`drop table if exists "app_user" cascade;`);

    this.addSql(`drop table if exists "refresh_token" cascade;`);

    this.addSql(`drop table if exists "invitation" cascade;`);

    this.addSql(`drop table if exists "forum_follow" cascade;`);

    this.addSql(`drop table if exists "working_group" cascade;`);

    this.addSql(`drop table if exists "working_group_membership" cascade;`);
  }

}
