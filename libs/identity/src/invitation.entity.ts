import { Entity, ManyToOne, Property, Unique } from '@mikro-orm/core';
import { BaseEntity, EnumOf, Role, ROLES } from '@agora/platform';
import { City } from '@agora/network';
import { newSalt, sha256 } from './secrets';
import { User } from './user.entity';

@Entity({ tableName: 'invitation' })
export class Invitation extends BaseEntity {
  @Property({ length: 254 })
  email: string;

  @EnumOf(ROLES)
  role: Role;

  @ManyToOne(() => City, { nullable: true, deleteRule: 'cascade' })
  city: City | null;

  @ManyToOne(() => User, { deleteRule: 'cascade' })
  invitedBy: User;

  /** SHA-256 of the token in the link; the token itself is only ever in the mail (and the 201 response). */
  @Property({ length: 64 })
  @Unique()
  tokenHash: string;

  /** With the app's secret and the id, derives the token (secrets.ts); null for invitations from before it. */
  @Property({ length: 32, nullable: true })
  tokenSalt: string | null;

  /** When the invitation mail went out: a mail job handed on twice sends it once. */
  @Property({ type: 'timestamptz', nullable: true })
  mailedAt: Date | null = null;

  @Property({ type: 'timestamptz' })
  expiresAt: Date;

  @Property({ type: 'timestamptz', nullable: true })
  acceptedAt: Date | null = null;

  /** `token` derives the link's token from the id and a fresh salt (secrets.ts); only its hash is kept. */
  constructor(email: string, role: Role, city: City | null, invitedBy: User, expiresAt: Date, token: (id: string, salt: string) => string) {
    super();
    this.tokenSalt = newSalt();
    this.tokenHash = sha256(token(this.id, this.tokenSalt));
    this.email = email.trim().toLowerCase();
    this.role = role;
    this.city = city;
    this.invitedBy = invitedBy;
    this.expiresAt = expiresAt;
  }
}
