import { EntityManager } from '@mikro-orm/postgresql';
import { City } from './city.entity';
import { Mandate, MandateRole } from './mandate.entity';
import { Twinning } from './twinning.entity';

/** Member cities seeded for development: names and countries only, no invented history. */
const MEMBER_CITIES: [slug: string, name: string, country: string][] = [
  ['amsterdam', 'Amsterdam', 'NL'],
  ['athens', 'Athens', 'GR'],
  ['barcelona', 'Barcelona', 'ES'],
  ['berlin', 'Berlin', 'DE'],
  ['birmingham', 'Birmingham', 'GB'],
  ['bologna', 'Bologna', 'IT'],
  ['bordeaux', 'Bordeaux', 'FR'],
  ['bratislava', 'Bratislava', 'SK'],
  ['brussels', 'Brussels', 'BE'],
  ['bucharest', 'Bucharest', 'RO'],
  ['budapest', 'Budapest', 'HU'],
  ['copenhagen', 'Copenhagen', 'DK'],
  ['dortmund', 'Dortmund', 'DE'],
  ['dublin', 'Dublin', 'IE'],
  ['florence', 'Florence', 'IT'],
  ['frankfurt', 'Frankfurt am Main', 'DE'],
  ['gdansk', 'Gdańsk', 'PL'],
  ['genoa', 'Genoa', 'IT'],
  ['ghent', 'Ghent', 'BE'],
  ['glasgow', 'Glasgow', 'GB'],
  ['gothenburg', 'Gothenburg', 'SE'],
  ['hamburg', 'Hamburg', 'DE'],
  ['helsinki', 'Helsinki', 'FI'],
  ['leipzig', 'Leipzig', 'DE'],
  ['lisbon', 'Lisbon', 'PT'],
  ['ljubljana', 'Ljubljana', 'SI'],
  ['lyon', 'Lyon', 'FR'],
  ['madrid', 'Madrid', 'ES'],
  ['malmo', 'Malmö', 'SE'],
  ['milan', 'Milan', 'IT'],
  ['munich', 'Munich', 'DE'],
  ['nantes', 'Nantes', 'FR'],
  ['oslo', 'Oslo', 'NO'],
  ['oulu', 'Oulu', 'FI'],
  ['porto', 'Porto', 'PT'],
  ['prague', 'Prague', 'CZ'],
  ['riga', 'Riga', 'LV'],
  ['rome', 'Rome', 'IT'],
  ['rotterdam', 'Rotterdam', 'NL'],
  ['sofia', 'Sofia', 'BG'],
  ['stockholm', 'Stockholm', 'SE'],
  ['tallinn', 'Tallinn', 'EE'],
  ['tampere', 'Tampere', 'FI'],
  ['turin', 'Turin', 'IT'],
  ['utrecht', 'Utrecht', 'NL'],
  ['venice', 'Venice', 'IT'],
  ['vienna', 'Vienna', 'AT'],
  ['vilnius', 'Vilnius', 'LT'],
  ['warsaw', 'Warsaw', 'PL'],
  ['zagreb', 'Zagreb', 'HR'],
  ['zurich', 'Zürich', 'CH'],
];

/** The documented history (CONTRACT.md): [city, role, from, to, scope]. */
const MANDATES: [string, MandateRole, number, number | null, string | null][] = [
  ['bologna', 'executive-committee-member', 1993, 1999, null],
  ['bologna', 'president', 1995, 1995, null],
  ['bologna', 'president', 1996, 1996, null],
  ['bologna', 'forum-chair', 2007, 2008, 'knowledge-society'],
  ['bologna', 'forum-chair', 2013, 2014, 'culture'],
];

/** Inserts what is missing and leaves the rest alone, so running it twice changes nothing. */
export async function seedNetwork(em: EntityManager, year = new Date().getUTCFullYear()): Promise<void> {
  const existing = new Map((await em.find(City, {})).map((city) => [city.slug, city]));
  const city = (slug: string): City => {
    const found = existing.get(slug);
    if (!found) throw new Error(`seed: unknown city ${slug}`);
    return found;
  };
  for (const [slug, name, country] of MEMBER_CITIES) {
    if (existing.has(slug)) continue;
    const created = new City(slug, name, country);
    em.persist(created);
    existing.set(slug, created);
  }
  city('bologna').memberSince = 1991;

  // Florence chairs the Executive Committee now; when it took the chair is not recorded, so
  // the seed starts the mandate in the year of seeding rather than inventing a date.
  const mandates = [
    ...MANDATES,
    ['florence', 'executive-committee-member', year, null, null],
    ['florence', 'executive-committee-chair', year, null, null],
  ] as typeof MANDATES;
  const held = await em.find(Mandate, {}, { populate: ['city'] });
  for (const [slug, role, from, to, scope] of mandates) {
    const present = held.some(
      (m) => m.city.slug === slug && m.role === role && m.scopeRef === scope && (m.from === from || (to === null && m.to === null)),
    );
    if (!present) em.persist(new Mandate(city(slug), role, from, to, scope));
  }

  const twinning = new Twinning(city('bologna'), city('leipzig'), 1962);
  if (!(await em.count(Twinning, { first: twinning.first, second: twinning.second }))) em.persist(twinning);
  await em.flush();
}
