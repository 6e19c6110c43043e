import { EntityManager } from '@mikro-orm/postgresql';
import { Role } from '@agora/platform';
import { City } from '@agora/network';
import { hashPassword } from './secrets';
import { User } from './user.entity';

export const DEV_PASSWORD = 'agora-dev-password';

const DEV_USERS: [email: string, name: string, role: Role, city: string | null, languages: string[], timezone: string][] = [
  ['admin@agora.test', 'Ada Admin', 'admin', null, ['en'], 'Europe/Brussels'],
  ['secretariat@agora.test', 'Sofie Secretariat', 'secretariat', null, ['en', 'fr', 'nl'], 'Europe/Brussels'],
  ['officer.bologna@agora.test', 'Giulia Rossi', 'member', 'bologna', ['it', 'en'], 'Europe/Rome'],
  ['officer.leipzig@agora.test', 'Jonas Weber', 'member', 'leipzig', ['de', 'en'], 'Europe/Berlin'],
];

/** The development users of CONTRACT.md; never run in production. Idempotent. */
export async function seedIdentity(em: EntityManager): Promise<void> {
  const existing = new Set((await em.find(User, { email: { $in: DEV_USERS.map(([email]) => email) } })).map((u) => u.email));
  const missing = DEV_USERS.filter(([email]) => !existing.has(email));
  if (!missing.length) return;
  const hash = await hashPassword(DEV_PASSWORD);
  for (const [email, name, role, citySlug, languages, timezone] of missing) {
    const city = citySlug ? await em.findOneOrFail(City, { slug: citySlug }) : null;
    const user = new User(email, name, role, city, hash);
    user.languages = languages;
    user.timezone = timezone;
    em.persist(user);
  }
  await em.flush();
}
