import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { runSql } from '@agora/platform';
import { offersOpenedBetween } from './exchanges.queries';

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
    return runSql<NewOffer>(this.em, offersOpenedBetween(forumIds, since, until));
  }
}
