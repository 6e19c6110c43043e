import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { pgArray } from '@agora/platform';

export interface NewOffer {
  id: string;
  topic: string;
  hostCity: string;
  forumId: string;
  applicationDeadline: string;
  placesLeft: number;
}

/** Staff-exchange offers opened in a window that still take applications, for many readers at once. */
@Injectable()
export class ExchangesFeed {
  constructor(private readonly em: EntityManager) {}

  async offeredBetween(forumIds: string[], since: Date, until: Date): Promise<NewOffer[]> {
    if (!forumIds.length) return [];
    return this.em.execute<NewOffer[]>(
      `select o.id, o.topic, c.name as "hostCity", o.forum_id as "forumId", o.application_deadline::text as "applicationDeadline",
              (o.places - o.places_taken) as "placesLeft"
         from exchange_offer o join city c on c.id = o.host_city_id
        where o.created_at >= ? and o.created_at < ? and o.forum_id = any(?::uuid[])
          and o.application_deadline >= current_date and o.places_taken < o.places
        order by o.application_deadline`,
      [since, until, pgArray(forumIds)],
    );
  }
}
