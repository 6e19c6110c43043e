import { Injectable } from '@nestjs/common';
import { AuthUser, decodeCursor, Page, toPage } from '@agora/platform';
import { PersonView, toPerson, UsersService } from '@agora/identity';
import { WorkingGroupsService } from '@agora/forums';
import { PeopleQuery } from './dto/discussions.dto';
import { ThreadAccessService } from './thread-access.service';

/** Who can be @mentioned in a thread: the people its audience can see. */
@Injectable()
export class PeopleService {
  constructor(
    private readonly access: ThreadAccessService,
    private readonly groups: WorkingGroupsService,
    private readonly users: UsersService,
  ) {}

  /**
   * A forum's or a public group's thread is open to every member of the network; a private
   * group's thread only to its active members and the staff, so only they are offered (and only
   * to those who can see the thread: anyone else gets the thread's 404).
   */
  async inThread(user: AuthUser, threadId: string, query: PeopleQuery): Promise<Page<PersonView>> {
    const { group } = await this.access.resolve(user, threadId);
    const among = group?.visibility === 'private' ? await this.groups.activeMemberIds(group.id) : undefined;
    const after = decodeCursor(query.cursor) as [string, string] | undefined;
    const users = await this.users.searchPeople({ prefix: query.q.trim(), limit: query.limit + 1, after, among });
    return toPage(users, query.limit, (person) => [person.name, person.id], toPerson);
  }
}
