import { EntityManager } from '@mikro-orm/postgresql';
import { Forum } from './forum.entity';

/** The six thematic forums of the network: [slug, name, description]. */
export const FORUMS: [string, string, string][] = [
  ['culture', 'Culture', 'Cultural policy, heritage, creative industries and access to culture.'],
  ['economic-development', 'Economic Development', 'Jobs, innovation, entrepreneurship and local economies.'],
  ['environment', 'Environment', 'Climate action, air quality, green spaces, energy and waste.'],
  ['knowledge-society', 'Knowledge Society', 'Digital services, open data, smart cities and digital inclusion.'],
  ['mobility', 'Mobility', 'Public transport, active travel, urban logistics and road safety.'],
  ['social-affairs', 'Social Affairs', 'Inclusion, housing, migration, health and social services.'],
];

/** Idempotent: inserts the forums that are missing. Forums are reference data, seeded in production too. */
export async function seedForums(em: EntityManager): Promise<void> {
  const existing = new Set((await em.find(Forum, {})).map((forum) => forum.slug));
  FORUMS.forEach(([slug, name, description], position) => {
    if (!existing.has(slug)) em.persist(new Forum(slug, name, description, position));
  });
  await em.flush();
}
