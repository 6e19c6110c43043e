import { Injectable, NotFoundException } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { runSql, toRef, ValidationFailedException } from '@agora/platform';
import { PersonView, UpdateProfileDto, UserView } from './dto/identity.dto';
import { peopleByNamePrefix, usersByLowercaseName } from './identity.queries';
import { User } from './user.entity';

/** Read access to users for this and the contexts above it. */
@Injectable()
export class UsersService {
  constructor(private readonly em: EntityManager) {}

  async get(id: string): Promise<User> {
    const user = await this.em.findOne(User, { id }, { populate: ['city'] });
    if (!user) throw new NotFoundException('No such user');
    return user;
  }

  /** The user's own name, time zone and languages. */
  async updateProfile(id: string, dto: UpdateProfileDto): Promise<User> {
    if (dto.timezone !== undefined && !isTimeZone(dto.timezone)) {
      throw new ValidationFailedException([{ field: 'timezone', message: 'timezone must be an IANA time zone such as Europe/Rome' }]);
    }
    const user = await this.get(id);
    if (dto.name !== undefined) user.name = dto.name.trim();
    if (dto.timezone !== undefined) user.timezone = dto.timezone;
    if (dto.languages !== undefined) user.languages = dto.languages;
    await this.em.flush();
    return user;
  }

  findByEmail(email: string): Promise<User | null> {
    return this.em.findOne(User, { email: email.trim().toLowerCase() }, { populate: ['city'] });
  }

  findByIds(ids: string[]): Promise<User[]> {
    return ids.length ? this.em.find(User, { id: { $in: ids } }, { populate: ['city'] }) : Promise.resolve([]);
  }

  /** Users by id, in pages (for work over every user, such as the digest tick). */
  page(afterId: string | null, limit: number): Promise<User[]> {
    return this.em.find(User, afterId ? { id: { $gt: afterId } } : {}, { orderBy: { id: 'asc' }, limit });
  }

  /**
   * People whose name starts with `prefix` or has a word starting with it (case-insensitive),
   * by name then id, after the keyset `after`; `among` restricts to these ids or to the staff.
   */
  async searchPeople(options: { prefix: string; limit: number; after?: [string, string]; among?: string[] }): Promise<User[]> {
    const pattern = options.prefix.toLowerCase().replace(/[\\%_]/g, '\\$&');
    const rows = await runSql<{ id: string }>(this.em, peopleByNamePrefix({ ...options, pattern }));
    const byId = new Map((await this.findByIds(rows.map((row) => row.id))).map((user) => [user.id, user]));
    return rows.map((row) => byId.get(row.id)!);
  }

  /** The users whose name is one of `names`, compared case-insensitively (for @mentions). */
  async findByNames(names: string[]): Promise<User[]> {
    if (!names.length) return [];
    const lowered = [...new Set(names.map((name) => name.toLowerCase()))];
    const rows = await runSql<{ id: string }>(this.em, usersByLowercaseName(lowered));
    return this.findByIds(rows.map((row) => row.id));
  }
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export function toPerson(user: User): PersonView {
  return { id: user.id, name: user.name, city: toRef(user.city) };
}

export function toUserView(user: User): UserView {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    city: toRef(user.city),
    languages: user.languages,
    timezone: user.timezone,
  };
}
