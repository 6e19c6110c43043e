import { Entity, ManyToOne, Property, Unique } from '@mikro-orm/core';
import { BaseEntity, EnumOf, Role, ROLES } from '@agora/platform';
import { City } from '@agora/network';
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

  /** SHA-256 of the token in the link; the token itself is only ever in the mail. */
  @Property({ length: 64 })
  @Unique()
  tokenHash: string;

  @Property({ type: 'timestamptz' })
  expiresAt: Date;

  @Property({ type: 'timestamptz', nullable: true })
  acceptedAt: Date | null = null;

  constructor(email: string, role: Role, city: City | null, invitedBy: User, tokenHash: string, expiresAt: Date) {
    super();
    this.email = email.trim().toLowerCase();
    this.role = role;
    this.city = city;
    this.invitedBy = invitedBy;
    this.tokenHash = tokenHash;
    this.expiresAt = expiresAt;
  }
}
