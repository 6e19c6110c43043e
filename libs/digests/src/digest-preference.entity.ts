import { Entity, ManyToOne, PrimaryKeyProp, Property } from '@mikro-orm/core';
import { EnumOf } from '@agora/platform';
import { User } from '@agora/identity';

export const FREQUENCIES = ['daily', 'weekly', 'off'] as const;
export type Frequency = (typeof FREQUENCIES)[number];

export const DIGEST_LANGUAGES = ['en', 'it', 'de', 'fr'] as const;
export type DigestLanguage = (typeof DIGEST_LANGUAGES)[number];

/** When and how a user gets digests. A user without a row has the defaults below. */
@Entity({ tableName: 'digest_preference' })
export class DigestPreference {
  [PrimaryKeyProp]?: 'user';

  @ManyToOne(() => User, { primary: true, deleteRule: 'cascade' })
  user: User;

  @EnumOf(FREQUENCIES)
  frequency: Frequency = 'weekly';

  /** ISO weekday of the weekly digest: 1 = Monday ... 7 = Sunday. */
  @Property({ type: 'smallint' })
  weekday: number = 1;

  /** Local hour (0-23) from which the digest may go out. */
  @Property({ type: 'smallint' })
  hour: number = 8;

  @Property({ type: 'string', length: 64 })
  timezone: string;

  @EnumOf(DIGEST_LANGUAGES)
  language: DigestLanguage = 'en';

  @Property({ type: 'timestamptz' })
  updatedAt: Date = new Date();

  constructor(user: User, timezone: string) {
    this.user = user;
    this.timezone = timezone;
  }
}
