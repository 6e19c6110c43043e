/** How a view names a city or a forum it points to. */
export interface Ref {
  slug: string;
  name: string;
}

/** The reference to a city or forum, without the rest of the entity. */
export function toRef(entity: Ref): Ref;
export function toRef(entity: Ref | null | undefined): Ref | null;
export function toRef(entity: Ref | null | undefined): Ref | null {
  return entity ? { slug: entity.slug, name: entity.name } : null;
}
