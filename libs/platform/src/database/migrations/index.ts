import { MigrationObject } from '@mikro-orm/core';
import { Migration20261126185527 } from './Migration20261126185527';
import { Migration20261126192302 } from './Migration20261126192302';
import { Migration20261126193227 } from './Migration20261126193227';
import { Migration20261126193944 } from './Migration20261126193944';
import { Migration20261126202000 } from './Migration20261126202000';
import { Migration20261126204500 } from './Migration20261126204500';
import { Migration20261201180000 } from './Migration20261201180000';
import { Migration20261202151100 } from './Migration20261202151100';
import { Migration20261202151700 } from './Migration20261202151700';

/**
 * Every migration, in order. Listed explicitly (not globbed) so that the built app, the tests
 * and the migrate command all run exactly the same set. Never edit a migration that has shipped.
 */
export const migrationsList: MigrationObject[] = [
  { name: 'Migration20261126185527', class: Migration20261126185527 }, // foundation: cities, users, forums, working groups
  { name: 'Migration20261126192302', class: Migration20261126192302 }, // live discussion: threads, messages, mentions, read positions
  { name: 'Migration20261126193227', class: Migration20261126193227 }, // knowledge, exchanges, events, full-text search (unaccent configs, tsvector columns, GIN indexes)
  { name: 'Migration20261126193944', class: Migration20261126193944 }, // digests: preferences, levels, digest records
  { name: 'Migration20261126202000', class: Migration20261126202000 }, // search: each distinct query form once in agora_tsquery
  { name: 'Migration20261126204500', class: Migration20261126204500 }, // comments on posts: post.thread_id
  { name: 'Migration20261201180000', class: Migration20261201180000 }, // search at scale: immutable agora_tsquery, time indexes
  { name: 'Migration20261202151100', class: Migration20261202151100 }, // mail: the outbox, derived invitation tokens, invitation.mailed_at
  { name: 'Migration20261202151700', class: Migration20261202151700 }, // digest sends as leases: digest.lease_token, lease_until
];
