import { Entity, ManyToOne, Property, Unique } from '@mikro-orm/core';
import { BaseEntity, EnumOf, Role, ROLES } from '@agora/platform';
import { City } from '@agora/network';

@Entity({ tableName: 'app_user' })
export class User extends BaseEntity {
  /** Stored lower-cased: addresses are compared case-insensitively. */
  @Property({ length: 254 })
  @Unique()
  email: string;

  @Property({ length: 120 })
  name: string;

  @Property({ length: 200, hidden: true })
  passwordHash: string;

  @EnumOf(ROLES)
  role: Role;

  /** The member city the officer works for; null for secretariat staff. */
  @ManyToOne(() => City, { nullable: true, index: true, deleteRule: 'set null' })
  city: City | null;

  @Property({ type: 'text[]' })
  languages: string[] = ['en'];

  @Property({ type: 'string', length: 64 })
  timezone: string = 'Europe/Brussels';

  constructor(email: string, name: string, role: Role, city: City | null, passwordHash: string) {
    super();
    this.email = email.trim().toLowerCase();
    this.name = name;
    this.role = role;
    this.city = city;
    this.passwordHash = passwordHash;
  }
}
