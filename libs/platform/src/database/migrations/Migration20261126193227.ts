import { Migration } from '@mikro-orm/migrations';

/**
 * Text-search configurations used by the stored tsvector columns: one per language with a
 * PostgreSQL stemmer (the languages of the member cities that have one), plus `agora_simple` for
 * content of unknown language. Each runs `unaccent` before its dictionary, so "Malmo" matches
 * "Malmö" and "mobilita" matches "mobilità", while ts_headline still shows the original text.
 */
const SEARCH_LANGUAGES: [code: string, dictionary: string][] = [
  ['da', 'danish'],
  ['de', 'german'],
  ['el', 'greek'],
  ['en', 'english'],
  ['es', 'spanish'],
  ['fi', 'finnish'],
  ['fr', 'french'],
  ['ga', 'irish'],
  ['hu', 'hungarian'],
  ['it', 'italian'],
  ['lt', 'lithuanian'],
  ['nb', 'norwegian'],
  ['nl', 'dutch'],
  ['no', 'norwegian'],
  ['pt', 'portuguese'],
  ['ro', 'romanian'],
  ['ru', 'russian'],
  ['sr', 'serbian'],
  ['sv', 'swedish'],
  ['tr', 'turkish'],
];

export class Migration20261126193227 extends Migration {

  override async up(): Promise<void> {
    // Hand-written: the ORM cannot express extensions, text-search configurations or functions.
    this.addSql(`create extension if not exists unaccent;`);
    this.addSql(`create text search configuration agora_simple (copy = pg_catalog.simple);`);
    this.addSql(`alter text search configuration agora_simple alter mapping for hword, hword_part, word with unaccent, simple;`);
    for (const dictionary of new Set(SEARCH_LANGUAGES.map(([, name]) => name))) {
      this.addSql(`create text search configuration agora_${dictionary} (copy = pg_catalog.${dictionary});`);
      this.addSql(
        `alter text search configuration agora_${dictionary} alter mapping for hword, hword_part, word with unaccent, ${dictionary}_stem;`,
      );
    }
    // IMMUTABLE (a fixed mapping) so that stored generated columns and indexes may call it.
    const cases = SEARCH_LANGUAGES.map(([code, name]) => `when '${code}' then 'agora_${name}'::regconfig`).join(' ');
    this.addSql(
      `create function agora_search_config(language text) returns regconfig language sql immutable parallel safe strict as $$ select case language ${cases} else 'agora_simple'::regconfig end $$;`,
    );
    // A query in an unknown language: the words as written (accent-folded) or stemmed in any of
    // the configurations, so each document is matched by its own language's stems.
    const variants = ['agora_simple', ...new Set(SEARCH_LANGUAGES.map(([, name]) => `agora_${name}`))]
      .map((config) => `websearch_to_tsquery('${config}'::regconfig, q)`)
      .join(' || ');
    this.addSql(`create function agora_tsquery(q text) returns tsquery language sql stable parallel safe strict as $$ select ${variants} $$;`);
    this.addSql(`create table "exchange_offer" ("id" uuid not null, "created_at" timestamptz not null, "host_city_id" uuid not null, "forum_id" uuid not null, "created_by_id" uuid not null, "topic" varchar(200) not null, "department" varchar(200) not null, "description" text not null, "languages" text[] not null, "places" int not null, "places_taken" int not null, "start_date" date not null, "end_date" date not null, "application_deadline" date not null, "report_post_id" uuid null, "search_vector" tsvector generated always as (setweight(to_tsvector('agora_simple'::regconfig, (topic)::text), 'A'::"char") || setweight(to_tsvector('agora_simple'::regconfig, (((department)::text || ' '::text) || description)), 'C'::"char")) stored not null, constraint "exchange_offer_pkey" primary key ("id"));`);
    this.addSql(`create index "exchange_offer_search_idx" on "exchange_offer" using gin ("search_vector");`);
    this.addSql(`create index "exchange_offer_host_city_id_application_deadline_index" on "exchange_offer" ("host_city_id", "application_deadline");`);
    this.addSql(`create index "exchange_offer_forum_id_application_deadline_index" on "exchange_offer" ("forum_id", "application_deadline");`);

    this.addSql(`create table "exchange_application" ("id" uuid not null, "created_at" timestamptz not null, "offer_id" uuid not null, "applicant_id" uuid not null, "applicant_city_id" uuid not null, "motivation" text not null, "status" text check ("status" in ('submitted', 'accepted', 'declined', 'withdrawn')) not null default 'submitted', "decided_at" timestamptz null, constraint "exchange_application_pkey" primary key ("id"));`);
    this.addSql(`alter table "exchange_application" add constraint "exchange_application_offer_id_applicant_id_unique" unique ("offer_id", "applicant_id");`);

    this.addSql(`create table "calendar_feed_token" ("id" uuid not null, "created_at" timestamptz not null, "user_id" uuid not null, "token_hash" varchar(64) not null, constraint "calendar_feed_token_pkey" primary key ("id"));`);
    this.addSql(`alter table "calendar_feed_token" add constraint "calendar_feed_token_user_id_unique" unique ("user_id");`);
    this.addSql(`alter table "calendar_feed_token" add constraint "calendar_feed_token_token_hash_unique" unique ("token_hash");`);

    this.addSql(`create table "post" ("id" uuid not null, "created_at" timestamptz not null, "forum_id" uuid not null, "working_group_id" uuid null, "city_id" uuid null, "author_id" uuid not null, "status" text check ("status" in ('draft', 'published', 'archived')) not null, "language" varchar(5) not null, "title" varchar(200) not null, "summary" varchar(1000) not null, "body" text not null, "html" text not null, "tags" text[] not null, "problem" text not null, "results" text not null, "cost_range" varchar(16) null, "period_from" varchar(7) null, "period_to" varchar(7) null, "contact_name" varchar(120) null, "contact_email" varchar(254) null, "links" jsonb not null, "submitted_at" timestamptz null, "review_comment" text null, "published_at" timestamptz null, "archived_at" timestamptz null, "updated_at" timestamptz not null, "revision" int not null, "search_vector" tsvector generated always as (setweight(to_tsvector(agora_search_config(language), (title)::text), 'A'::"char") || setweight(to_tsvector(agora_search_config(language), (summary)::text), 'B'::"char") || setweight(to_tsvector(agora_search_config(language), ((((body || ' '::text) || problem) || ' '::text) || results)), 'C'::"char")) stored not null, constraint "post_pkey" primary key ("id"));`);
    this.addSql(`create index "post_search_idx" on "post" using gin ("search_vector");`);
    this.addSql(`create index "post_tags_idx" on "post" using gin ("tags");`);
    this.addSql(`create index "post_forum_id_status_index" on "post" ("forum_id", "status");`);
    this.addSql(`create index "post_status_published_at_index" on "post" ("status", "published_at");`);

    this.addSql(`create table "post_translation" ("id" uuid not null, "created_at" timestamptz not null, "post_id" uuid not null, "language" varchar(5) not null, "title" varchar(200) not null, "summary" varchar(1000) not null, "body" text not null, "html" text not null, "translator_id" uuid not null, "updated_at" timestamptz not null, "search_vector" tsvector generated always as (setweight(to_tsvector(agora_search_config(language), (title)::text), 'A'::"char") || setweight(to_tsvector(agora_search_config(language), (summary)::text), 'B'::"char") || setweight(to_tsvector(agora_search_config(language), body), 'C'::"char")) stored not null, constraint "post_translation_pkey" primary key ("id"));`);
    this.addSql(`create index "post_translation_search_idx" on "post_translation" using gin ("search_vector");`);
    this.addSql(`alter table "post_translation" add constraint "post_translation_post_id_language_unique" unique ("post_id", "language");`);

    this.addSql(`create table "post_revision" ("id" uuid not null, "created_at" timestamptz not null, "post_id" uuid not null, "number" int not null, "editor_id" uuid not null, "changed_fields" text[] not null, "snapshot" jsonb not null, "note" varchar(500) null, constraint "post_revision_pkey" primary key ("id"));`);
    this.addSql(`alter table "post_revision" add constraint "post_revision_post_id_number_unique" unique ("post_id", "number");`);

    this.addSql(`create table "calendar_event" ("id" uuid not null, "created_at" timestamptz not null, "kind" text check ("kind" in ('annual-conference', 'agm', 'executive-committee', 'forum-meeting', 'working-group-meeting')) not null, "title" varchar(200) not null, "description" text not null default '', "starts_at" timestamptz not null, "ends_at" timestamptz not null, "time_zone" varchar(64) not null, "place" varchar(300) null, "host_city_id" uuid null, "online_url" varchar(500) null, "forum_id" uuid null, "working_group_id" uuid null, "parent_id" uuid null, "capacity" int null, "created_by_id" uuid null, "sequence" int not null default 0, constraint "calendar_event_pkey" primary key ("id"));`);
    this.addSql(`create index "calendar_event_starts_at_index" on "calendar_event" ("starts_at");`);

    this.addSql(`create table "event_rsvp" ("id" uuid not null, "created_at" timestamptz not null, "event_id" uuid not null, "user_id" uuid not null, "status" text check ("status" in ('going', 'maybe', 'not-going')) not null, "updated_at" timestamptz not null, constraint "event_rsvp_pkey" primary key ("id"));`);
    this.addSql(`alter table "event_rsvp" add constraint "event_rsvp_event_id_user_id_unique" unique ("event_id", "user_id");`);

    this.addSql(`alter table "exchange_offer" add constraint "exchange_offer_host_city_id_foreign" foreign key ("host_city_id") references "city" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "exchange_offer" add constraint "exchange_offer_forum_id_foreign" foreign key ("forum_id") references "forum" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "exchange_offer" add constraint "exchange_offer_created_by_id_foreign" foreign key ("created_by_id") references "app_user" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "exchange_application" add constraint "exchange_application_offer_id_foreign" foreign key ("offer_id") references "exchange_offer" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "exchange_application" add constraint "exchange_application_applicant_id_foreign" foreign key ("applicant_id") references "app_user" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "exchange_application" add constraint "exchange_application_applicant_city_id_foreign" foreign key ("applicant_city_id") references "city" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "calendar_feed_token" add constraint "calendar_feed_token_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "post" add constraint "post_forum_id_foreign" foreign key ("forum_id") references "forum" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "post" add constraint "post_working_group_id_foreign" foreign key ("working_group_id") references "working_group" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "post" add constraint "post_city_id_foreign" foreign key ("city_id") references "city" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "post" add constraint "post_author_id_foreign" foreign key ("author_id") references "app_user" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "post_translation" add constraint "post_translation_post_id_foreign" foreign key ("post_id") references "post" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "post_translation" add constraint "post_translation_translator_id_foreign" foreign key ("translator_id") references "app_user" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "post_revision" add constraint "post_revision_post_id_foreign" foreign key ("post_id") references "post" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "post_revision" add constraint "post_revision_editor_id_foreign" foreign key ("editor_id") references "app_user" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "calendar_event" add constraint "calendar_event_host_city_id_foreign" foreign key ("host_city_id") references "city" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "calendar_event" add constraint "calendar_event_forum_id_foreign" foreign key ("forum_id") references "forum" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "calendar_event" add constraint "calendar_event_working_group_id_foreign" foreign key ("working_group_id") references "working_group" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "calendar_event" add constraint "calendar_event_parent_id_foreign" foreign key ("parent_id") references "calendar_event" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "calendar_event" add constraint "calendar_event_created_by_id_foreign" foreign key ("created_by_id") references "app_user" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "event_rsvp" add constraint "event_rsvp_event_id_foreign" foreign key ("event_id") references "calendar_event" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "event_rsvp" add constraint "event_rsvp_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "thread" add column "search_vector" tsvector generated always as (to_tsvector('agora_simple'::regconfig, (title)::text)) stored not null;`);
    this.addSql(`create index "thread_search_idx" on "thread" using gin ("search_vector");`);

    this.addSql(`alter table "message" add column "search_vector" tsvector generated always as (to_tsvector('agora_simple'::regconfig, body)) stored not null;`);
    this.addSql(`create index "message_search_idx" on "message" using gin ("search_vector");`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "exchange_application" drop constraint "exchange_application_offer_id_foreign";`);

    this.addSql(`alter table "post_translation" drop constraint "post_translation_post_id_foreign";`);

    this.addSql(`alter table "post_revision" drop constraint "post_revision_post_id_foreign";`);

    this.addSql(`alter table "calendar_event" drop constraint "calendar_event_parent_id_foreign";`);

    this.addSql(`alter table "event_rsvp" drop constraint "event_rsvp_event_id_foreign";`);

    this.addSql(`drop table if exists "exchange_offer" cascade;`);

    this.addSql(`drop table if exists "exchange_application" cascade;`);

    this.addSql(`drop table if exists "calendar_feed_token" cascade;`);

    this.addSql(`drop table if exists "post" cascade;`);

    this.addSql(`drop table if exists "post_translation" cascade;`);

    this.addSql(`drop table if exists "post_revision" cascade;`);

    this.addSql(`drop table if exists "calendar_event" cascade;`);

    this.addSql(`drop table if exists "event_rsvp" cascade;`);

    this.addSql(`drop index "message_search_idx";`);
    this.addSql(`alter table "message" drop column "search_vector";`);

    this.addSql(`drop index "thread_search_idx";`);
    this.addSql(`alter table "thread" drop column "search_vector";`);
    this.addSql(`drop function if exists agora_tsquery(text);`);
    this.addSql(`drop function if exists agora_search_config(text);`);
    for (const dictionary of new Set(SEARCH_LANGUAGES.map(([, name]) => name))) {
      this.addSql(`drop text search configuration if exists agora_${dictionary};`);
    }
    this.addSql(`drop text search configuration if exists agora_simple;`);
  }

}
