import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { pgArray } from '@agora/platform';

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
    const rows = await this.em.execute<(Omit<PublishedPost, 'publishedAt'> & { publishedAt: string })[]>(
      `select p.id, p.title, p.summary, p.forum_id as "forumId", p.working_group_id as "workingGroupId", c.name as city, p.published_at as "publishedAt"
         from post p left join city c on c.id = p.city_id
        where p.status = 'published' and p.published_at >= ? and p.published_at < ?
          and ((p.working_group_id is null and p.forum_id = any(?::uuid[])) or p.working_group_id = any(?::uuid[]))
        order by p.published_at desc`,
      [since, until, pgArray(forumIds), pgArray(groupIds)],
    );
    return rows.map((row) => ({ ...row, publishedAt: new Date(row.publishedAt) }));
  }
}
