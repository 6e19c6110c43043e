import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { runSql } from '@agora/platform';
import { publishedBetween } from './knowledge.queries';

export interface PublishedPost {
  id: string;
  title: string;
  summary: string;
  forumId: string;
  workingGroupId: string | null;
  city: string | null;
  publishedAt: Date;
}

/** Best practices published in a window, for many readers at once (the digest). */
@Injectable()
export class PostsFeed {
  constructor(private readonly em: EntityManager) {}

  /** Published (not archived) posts of these forums (outside groups) and these groups, in [since, until). */
  async publishedBetween(forumIds: string[], groupIds: string[], since: Date, until: Date): Promise<PublishedPost[]> {
    if (!forumIds.length && !groupIds.length) return [];
    return runSql<PublishedPost>(this.em, publishedBetween(forumIds, groupIds, since, until));
  }
}
