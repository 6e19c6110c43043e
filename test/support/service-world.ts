import type { Type } from '@nestjs/common';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { Test, TestingModule } from '@nestjs/testing';
import { MikroORM, RequestContext } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { AuthUser, PlatformModule } from '@agora/platform';
import { City } from '@agora/network';
import { User } from '@agora/identity';
import { TestEnv } from './test-env';

let fresh = 0;

/** A caller as the guards see it, with what set-up needs to name them (a group's lead, a mention). */
export type ServiceUser = AuthUser & { email: string; name: string };

/**
 * The middle tier: a context's services on a real, migrated and seeded database, without HTTP,
 * guards or sockets. A test calls the services the controllers and the worker call, so logic
 * that no route shows whole (the digest's activity, the unread counts, who may post where) is
 * checked where it lives. `run` gives each call its own ORM context, as a request or a job has.
 */
export class ServiceWorld {
  private constructor(
    readonly env: TestEnv,
    private readonly module: TestingModule,
  ) {}

  /** A world with `PlatformModule`, the event bus and these context modules. */
  static async create(...modules: Type[]): Promise<ServiceWorld> {
    const env = await TestEnv.create();
    const module = await Test.createTestingModule({
      imports: [PlatformModule.forRoot(), EventEmitterModule.forRoot(), ...modules],
    }).compile();
    await module.init();
    return new ServiceWorld(env, module);
  }

  get<T>(type: Type<T>): T {
    return this.module.get(type, { strict: false });
  }

  /** Runs `work` in a fresh ORM context (its own identity map), as each request and job does. */
  run<T>(work: () => Promise<T>): Promise<T> {
    return RequestContext.create(this.get(MikroORM).em, work);
  }

  /** One of the seeded users (`admin@agora.test`, `officer.bologna@agora.test`...) as the guards would see them. */
  seeded(email: string): Promise<AuthUser> {
    return this.run(async () => asAuthUser(await this.get(EntityManager).findOneOrFail(User, { email }, { populate: ['city'] })));
  }

  /** A new officer of `city` (or staff, with a role and no city), stored directly: no invitation. */
  newUser(options: { city?: string | null; role?: AuthUser['role']; name?: string } = {}): Promise<ServiceUser> {
    const { city = 'oslo', role = 'member', name = `Officer ${++fresh}` } = options;
    return this.run(async () => {
      const em = this.get(EntityManager);
      const home = city === null ? null : await em.findOneOrFail(City, { slug: city });
      const user = new User(`service-${fresh}-${process.pid}@${city ?? 'agora'}.example`, name, role, home, 'not a password hash');
      await em.persist(user).flush();
      return { ...asAuthUser(user), email: user.email, name: user.name };
    });
  }

  async close(): Promise<void> {
    await this.module.close();
    await this.env.close();
  }
}

function asAuthUser(user: User): AuthUser {
  return { id: user.id, role: user.role, city: user.city?.slug ?? null, sessionId: 'service-test' };
}
