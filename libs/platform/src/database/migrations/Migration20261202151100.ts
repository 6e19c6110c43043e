import { Migration } from '@mikro-orm/migrations';

/**
 * Mail that was promised is sent (issue 11, holes 2 and 6):
 *
 * - `outbox`: facts that must reach a queue, written in the transaction of the fact itself and
 *   relayed by the worker (OutboxRelay), so a Redis outage or a crash after the commit loses nothing.
 * - `invitation.token_salt`: the invitation token is derived from the app's secret, the id and
 *   this salt, so the worker can rebuild the link when it sends the mail and no queue holds it.
 *   Invitations from before have none.
 * - `invitation.mailed_at`: the mail went out; a job handed on twice does not send it again.
 */
export class Migration20261202151100 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "outbox" (
      "id" uuid not null, "created_at" timestamptz not null, "topic" varchar(100) not null, "payload" jsonb not null,
      "attempts" int not null default 0, "available_at" timestamptz not null default now(),
      constraint "outbox_pkey" primary key ("id"));`);
    this.addSql(`create index "outbox_available_at_index" on "outbox" ("available_at");`);
    this.addSql(`alter table "invitation" add column "token_salt" varchar(32) null, add column "mailed_at" timestamptz null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "invitation" drop column "mailed_at", drop column "token_salt";`);
    this.addSql(`drop table if exists "outbox" cascade;`);
  }
}
