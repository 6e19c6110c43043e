import { MigrationObject } from '@mikro-orm/core';
import { Migration20261126185527 } from './Migration20261126185527';

/**
 * Every migration, in order. Listed explicitly (not globbed) so that the built app, the tests
 * and the migrate command all run exactly the same set. Never edit a migration that has shipped.
 */
export const migrationsList: MigrationObject[] = [{ name: 'Migration20261126185527', class: Migration20261126185527 }];
