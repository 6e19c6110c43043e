import { EntityManager } from '@mikro-orm/postgresql';
import { seedEvents } from '@agora/events';
import { seedForums } from '@agora/forums';
import { seedIdentity } from '@agora/identity';
import { seedNetwork } from '@agora/network';

/**
 * Reference data (the six forums) is seeded everywhere; the network's history and the
 * development users only outside production. Every step is idempotent.
 */
export async function seed(em: EntityManager, production: boolean): Promise<void> {
  await seedForums(em);
  if (production) return;
  await seedNetwork(em);
  await seedIdentity(em);
  await seedEvents(em);
}
