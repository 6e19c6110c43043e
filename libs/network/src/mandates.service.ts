import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { lockForTransaction, toRef } from '@agora/platform';
import { City } from './city.entity';
import { CreateMandateDto, EndMandateDto, ExecutiveCommitteeView, MandateView } from './dto/city.dto';
import { Mandate, MandateRole } from './mandate.entity';

/** The Executive Committee has at most this many member cities at any one time. */
export const EXECUTIVE_COMMITTEE_SIZE = 12;

/** Roles only one city may hold at a time in a given scope. */
const SINGLE_HOLDER: MandateRole[] = ['president', 'executive-committee-chair', 'forum-chair'];

const currentYear = () => new Date().getUTCFullYear();

@Injectable()
export class MandatesService {
  constructor(private readonly em: EntityManager) {}

  /** Cities holding `role` (in `scopeRef`, for forum and working-group roles) this year. */
  async currentHolders(role: MandateRole, scopeRef: string | null = null, year = currentYear()): Promise<City[]> {
    const mandates = await this.em.find(
      Mandate,
      { role, scopeRef, from: { $lte: year }, $or: [{ to: null }, { to: { $gte: year } }] },
      { populate: ['city'], orderBy: { city: { name: 'asc' } } },
    );
    return mandates.map((mandate) => mandate.city);
  }

  async executiveCommittee(): Promise<ExecutiveCommitteeView> {
    const [chairs, members] = await Promise.all([
      this.currentHolders('executive-committee-chair'),
      this.currentHolders('executive-committee-member'),
    ]);
    return { chair: toRef(chairs[0]), members: members.map((city) => toRef(city)) };
  }

  /**
   * Adds a mandate. Limits (12 Executive Committee members, one chair, one president, one
   * forum chair per forum) are checked under a transaction-scoped advisory lock on the role and
   * scope, so two secretariat officers racing for the last seat cannot both win.
   */
  async add(city: City, dto: CreateMandateDto): Promise<MandateView> {
    const mandate = new Mandate(city, dto.role, dto.from, dto.to ?? null, dto.scope ?? null);
    if (mandate.to !== null && mandate.to < mandate.from) throw new BadRequestException('"to" is before "from"');
    await this.em.transactional(async (em) => {
      await lockRole(em, mandate);
      await this.assertRoom(em, mandate);
      em.persist(mandate);
    });
    return toMandateView(mandate);
  }

  /**
   * Sets a mandate's last year. Moving it later takes the same lock as `add` and checks the
   * years it gains against the same limits: ending a mandate is no way around them.
   */
  async end(id: string, dto: EndMandateDto): Promise<MandateView> {
    const mandate = await this.em.transactional(async (em) => {
      const found = await em.findOne(Mandate, { id }, { populate: ['city'] });
      if (!found) throw new NotFoundException('No such mandate');
      if (dto.to < found.from) throw new BadRequestException('"to" is before the mandate\'s "from"');
      await lockRole(em, found);
      // Read again under the lock: a concurrent change may have moved its end.
      await em.refresh(found);
      if (found.to !== null && dto.to > found.to) {
        await this.assertRoom(em, { city: found.city, role: found.role, scopeRef: found.scopeRef, from: found.to + 1, to: dto.to });
      }
      found.to = dto.to;
      return found;
    });
    return toMandateView(mandate);
  }

  /** Whether `mandate`'s term (of a new mandate, or the years an existing one gains) has room. */
  private async assertRoom(em: EntityManager, mandate: Pick<Mandate, 'city' | 'role' | 'scopeRef' | 'from' | 'to'>): Promise<void> {
    const overlapping = await em.find(Mandate, {
      role: mandate.role,
      scopeRef: mandate.scopeRef,
      from: { $lte: mandate.to ?? 9999 },
      $or: [{ to: null }, { to: { $gte: mandate.from } }],
    });
    if (overlapping.some((other) => other.city.id === mandate.city.id)) {
      throw new ConflictException(`${mandate.city.name} already holds ${mandate.role} in those years`);
    }
    if (mandate.role === 'executive-committee-member' && maxConcurrent(overlapping, mandate) >= EXECUTIVE_COMMITTEE_SIZE) {
      throw new ConflictException(`The Executive Committee has ${EXECUTIVE_COMMITTEE_SIZE} member cities already in those years`);
    }
    if (SINGLE_HOLDER.includes(mandate.role) && overlapping.length > 0) {
      throw new ConflictException(`Another city holds ${mandate.role} in those years`);
    }
  }
}

/** Serializes every change to the holders of one role in one scope, up to the transaction's end. */
async function lockRole(em: EntityManager, mandate: Pick<Mandate, 'role' | 'scopeRef'>): Promise<void> {
  await lockForTransaction(em, `mandate:${mandate.role}:${mandate.scopeRef ?? ''}`);
}

/** The largest number of `others` that hold office in any one year of `mandate`'s term. */
export function maxConcurrent(others: Pick<Mandate, 'from' | 'to'>[], mandate: Pick<Mandate, 'from' | 'to'>): number {
  const last = mandate.to ?? Math.max(mandate.from, currentYear(), ...others.map((other) => other.to ?? other.from));
  let max = 0;
  for (let year = mandate.from; year <= last; year++) {
    max = Math.max(max, others.filter((other) => other.from <= year && (other.to === null || other.to >= year)).length);
  }
  return max;
}

export function toMandateView(mandate: Mandate): MandateView {
  return {
    id: mandate.id,
    role: mandate.role,
    scope: mandate.scopeRef ? { kind: mandate.scopeKind, slug: mandate.scopeRef } : { kind: mandate.scopeKind },
    from: mandate.from,
    to: mandate.to,
  };
}
