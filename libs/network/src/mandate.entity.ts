import { Check, Entity, Index, ManyToOne, Property } from '@mikro-orm/core';
import { MANDATE_ROLES, type MandateRole } from '@agora/contract';
import { BaseEntity, EnumOf } from '@agora/platform';
import { City } from './city.entity';

// The roles are part of the public contract (the client shows them); the entity stores the same list.
export { MANDATE_ROLES, type MandateRole };

export const SCOPE_KINDS = ['network', 'forum', 'working-group'] as const;
export type ScopeKind = (typeof SCOPE_KINDS)[number];

/** Which scope each role is held in: a forum chair chairs a forum, a president the network. */
export const SCOPE_OF_ROLE: Record<MandateRole, ScopeKind> = {
  president: 'network',
  'executive-committee-member': 'network',
  'executive-committee-chair': 'network',
  'forum-chair': 'forum',
  'forum-vice-chair': 'forum',
  'working-group-lead': 'working-group',
};

/**
 * A city's office in the network, by years. `to` null means it still holds it.
 * The scope is named by slug (forum) or id (working group) rather than a foreign key, because
 * forums and working groups belong to a context above this one.
 */
@Entity({ tableName: 'mandate' })
@Index({ properties: ['role', 'scopeRef'] })
@Check({ expression: '"to" is null or "to" >= "from"' })
export class Mandate extends BaseEntity {
  @ManyToOne(() => City, { deleteRule: 'cascade', index: true })
  city: City;

  @EnumOf(MANDATE_ROLES)
  role: MandateRole;

  @EnumOf(SCOPE_KINDS)
  scopeKind: ScopeKind;

  @Property({ type: 'string', length: 80, nullable: true })
  scopeRef: string | null;

  @Property({ type: 'smallint', fieldName: 'from' })
  from: number;

  @Property({ type: 'smallint', fieldName: 'to', nullable: true })
  to: number | null;

  constructor(city: City, role: MandateRole, from: number, to: number | null, scopeRef: string | null = null) {
    super();
    this.city = city;
    this.role = role;
    this.scopeKind = SCOPE_OF_ROLE[role];
    this.scopeRef = this.scopeKind === 'network' ? null : scopeRef;
    this.from = from;
    this.to = to;
  }

  isCurrent(year: number): boolean {
    return this.from <= year && (this.to === null || this.to >= year);
  }
}
