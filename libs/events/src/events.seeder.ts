import { EntityManager } from '@mikro-orm/postgresql';
import { City } from '@agora/network';
import { CalendarEvent } from './calendar-event.entity';

/** The annual conferences of the network's history (CONTRACT.md), each with its AGM on the last day. */
const CONFERENCES = [
  {
    title: 'Annual Conference 2019, Prague',
    city: 'prague',
    zone: 'Europe/Prague',
    start: '2019-11-20T08:00:00Z',
    end: '2019-11-22T17:00:00Z',
    agm: '2019-11-22T08:00:00Z',
  },
  {
    title: 'Annual Conference 2021, Leipzig',
    city: 'leipzig',
    zone: 'Europe/Berlin',
    start: '2021-11-03T08:00:00Z',
    end: '2021-11-05T17:00:00Z',
    agm: '2021-11-05T08:00:00Z',
  },
];

/** Idempotent: a conference (by title) and its AGM are inserted only when missing. Development data. */
export async function seedEvents(em: EntityManager): Promise<void> {
  for (const conference of CONFERENCES) {
    if (await em.count(CalendarEvent, { title: conference.title })) continue;
    const city = await em.findOneOrFail(City, { slug: conference.city });
    const event = new CalendarEvent(
      'annual-conference',
      conference.title,
      new Date(conference.start),
      new Date(conference.end),
      conference.zone,
    );
    event.hostCity = city;
    event.place = city.name;
    const agm = new CalendarEvent(
      'agm',
      `Annual General Meeting ${conference.start.slice(0, 4)}`,
      new Date(conference.agm),
      new Date(conference.agm.replace('08:00', '12:00')),
      conference.zone,
    );
    agm.hostCity = city;
    agm.place = city.name;
    agm.parent = event;
    em.persist([event, agm]);
  }
  await em.flush();
}
