import { Entity, ManyToOne, PrimaryKeyProp, Property } from '@mikro-orm/core';
import { EnumOf } from '@agora/platform';
import { User } from '@agora/identity';

export const SCOPE_KINDS = ['forum', 'working-group'] as const;
export type ScopeKind = (typeof SCOPE_KINDS)[number];

/**
 * How a user hears about one forum or working group: every update (a mail per mention, within
 * minutes), in the daily or the weekly digest, or not at all. Without a row, a followed forum
 * or a joined group goes into the digest of the user's general frequency.
 */
export const LEVELS = ['every-update', 'daily', 'weekly', 'muted'] as const;
export type Level = (typeof LEVELS)[number];

@Entity({ tableName: 'digest_subscription' })
export class DigestSubscription {
  [PrimaryKeyProp]?: ['user', 'scopeKind', 'scopeId'];

  @ManyToOne(() => User, { primary: true, deleteRule: 'cascade' })
  user: User;

  @EnumOf(SCOPE_KINDS, { primary: true })
  scopeKind: ScopeKind;

  /** The forum's or the working group's id (both belong to the forums context). */
  @Property({ type: 'uuid', primary: true })
  scopeId: string;

  @EnumOf(LEVELS)
  level: Level;

  constructor(user: User, scopeKind: ScopeKind, scopeId: string, level: Level) {
    this.user = user;
    this.scopeKind = scopeKind;
    this.scopeId = scopeId;
    this.level = level;
  }
}
