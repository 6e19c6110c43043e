import { BadRequestException, Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { runSql } from '@agora/platform';
import { User } from '@agora/identity';
import { DigestPreference, DigestLanguage, Frequency } from './digest-preference.entity';
import { DigestSubscription, Level, ScopeKind } from './digest-subscription.entity';
import { upsertSubscription } from './digests.queries';
import { DigestPreferencesDto, DigestPreferencesView } from './dto/digests.dto';
import { isValidTimezone } from './periods';

export interface UserSchedule {
  frequency: Frequency;
  weekday: number;
  hour: number;
  timezone: string;
  language: DigestLanguage;
}

const DEFAULTS = { frequency: 'weekly', weekday: 1, hour: 8, language: 'en' } as const;

@Injectable()
export class DigestPreferencesService {
  constructor(private readonly em: EntityManager) {}

  async view(user: User): Promise<DigestPreferencesView> {
    const [schedule] = (await this.schedulesOf([user])).values();
    const levels = await this.em.find(DigestSubscription, { user: user.id }, { orderBy: { scopeKind: 'asc', scopeId: 'asc' } });
    return { ...schedule, levels: levels.map((l) => ({ scope: l.scopeKind, id: l.scopeId, level: l.level })) };
  }

  async update(user: User, dto: DigestPreferencesDto): Promise<DigestPreferencesView> {
    if (!isValidTimezone(dto.timezone)) throw new BadRequestException(`"${dto.timezone}" is not an IANA time zone such as Europe/Rome`);
    const preference =
      (await this.em.findOne(DigestPreference, { user: user.id })) ??
      this.em.create(DigestPreference, new DigestPreference(user, dto.timezone));
    this.em.assign(preference, { ...dto, updatedAt: new Date() });
    await this.em.persist(preference).flush();
    return this.view(user);
  }

  async setLevel(user: User, scopeKind: ScopeKind, scopeId: string, level: Level): Promise<void> {
    await runSql(this.em, upsertSubscription(user.id, scopeKind, scopeId, level));
  }

  /** One-click unsubscribe: no more digests at all (kept idempotent: a second click changes nothing). */
  async turnOff(userId: string): Promise<void> {
    const user = await this.em.findOneOrFail(User, { id: userId });
    const preference = (await this.em.findOne(DigestPreference, { user: userId })) ?? new DigestPreference(user, user.timezone);
    preference.frequency = 'off';
    preference.updatedAt = new Date();
    await this.em.persist(preference).flush();
  }

  /** Schedules of many users in one query; users without a row get the defaults in their own time zone. */
  async schedulesOf(users: User[]): Promise<Map<string, UserSchedule>> {
    const rows = users.length ? await this.em.find(DigestPreference, { user: { $in: users.map((u) => u.id) } }) : [];
    const byUser = new Map(rows.map((row) => [row.user.id, row]));
    return new Map(
      users.map((user) => {
        const row = byUser.get(user.id);
        const schedule: UserSchedule = row
          ? { frequency: row.frequency, weekday: row.weekday, hour: row.hour, timezone: row.timezone, language: row.language }
          : { ...DEFAULTS, timezone: user.timezone };
        return [user.id, schedule];
      }),
    );
  }

  /** Levels of many users in one query: user id -> scope id -> level. */
  async levelsOf(userIds: string[]): Promise<Map<string, Map<string, Level>>> {
    const rows = userIds.length ? await this.em.find(DigestSubscription, { user: { $in: userIds } }) : [];
    const byUser = new Map<string, Map<string, Level>>();
    for (const row of rows) {
      const levels = byUser.get(row.user.id) ?? new Map<string, Level>();
      levels.set(row.scopeId, row.level);
      byUser.set(row.user.id, levels);
    }
    return byUser;
  }
}
