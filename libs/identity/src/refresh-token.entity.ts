import { Entity, Index, ManyToOne, Property, Unique } from '@mikro-orm/core';
import { BaseEntity } from '@agora/platform';
import { User } from './user.entity';

/**
 * One refresh token of a sign-in session ("family"). Only its SHA-256 is stored: the token is
 * 256 random bits, so a fast hash is as safe as argon2 here and keeps refresh cheap.
 */
@Entity({ tableName: 'refresh_token' })
export class RefreshToken extends BaseEntity {
  @ManyToOne(() => User, { deleteRule: 'cascade', index: true })
  user: User;

  @Property({ type: 'uuid' })
  @Index()
  familyId: string;

  @Property({ length: 64 })
  @Unique()
  tokenHash: string;

  @Property({ type: 'timestamptz' })
  expiresAt: Date;

  /** Set when the token was exchanged for a new one; presenting it again means it leaked. */
  @Property({ type: 'timestamptz', nullable: true })
  usedAt: Date | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null = null;

  constructor(user: User, familyId: string, tokenHash: string, expiresAt: Date) {
    super();
    this.user = user;
    this.familyId = familyId;
    this.tokenHash = tokenHash;
    this.expiresAt = expiresAt;
  }
}
