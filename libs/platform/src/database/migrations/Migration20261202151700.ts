import { Migration } from '@mikro-orm/migrations';

/**
 * Digest sends become leases (libs/digests, DigestSender): the claim records who holds a digest
 * (`lease_token`, one random value per claim) and until when (`lease_until`). Another worker may
 * take a `sending` digest over only once its lease has expired, and a worker checks that it still
 * holds the lease right before it hands the mail to SMTP, so a worker that was frozen past its
 * lease does not send what its successor has sent.
 */
export class Migration20261202151700 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "digest" add column "lease_token" uuid null, add column "lease_until" timestamptz null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "digest" drop column "lease_token", drop column "lease_until";`);
  }
}
