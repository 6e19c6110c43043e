import { Injectable, NotFoundException } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { UserView } from './dto/identity.dto';
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

  findByEmail(email: string): Promise<User | null> {
    return this.em.findOne(User, { email: email.trim().toLowerCase() }, { populate: ['city'] });
  }

  findByIds(ids: string[]): Promise<User[]> {
    return ids.length ? this.em.find(User, { id: { $in: ids } }, { populate: ['city'] }) : Promise.resolve([]);
  }
}

export function toUserView(user: User): UserView {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    city: user.city ? { slug: user.city.slug, name: user.city.name } : null,
    languages: user.languages,
    timezone: user.timezone,
  };
}
