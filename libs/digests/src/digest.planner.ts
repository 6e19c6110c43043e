import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectQueue } from '@nestjs/bullmq';
import { EnsureRequestContext } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Env, JobName, jobId, JobQueue, QueueName, runSql } from '@agora/platform';
import { ForumsService, WorkingGroupsService } from '@agora/forums';
import { User, UsersService } from '@agora/identity';
import { ActivityCache, DigestComposer, DigestRecipient } from './digest.composer';
import { DigestContent, isEmpty } from './digest.content';
import { DigestPreferencesService, UserSchedule } from './digest-preferences.service';
import type { Level } from './digest-subscription.entity';
import { renderDigest, RenderedDigest } from './digest.renderer';
import { DigestRecords } from './digest.records';
import { previousUntil, recordedDigests } from './digests.queries';
import { currentPeriod, DigestFrequency, isDue, Period } from './periods';
import { UnsubscribeTokens } from './unsubscribe-tokens';

/** Users planned per round: every query of a round covers all of them at once. */
const BATCH = 500;
const FREQUENCIES: DigestFrequency[] = ['daily', 'weekly'];

interface Candidate {
  user: User;
  schedule: UserSchedule;
  frequency: DigestFrequency;
  period: Period;
  forumIds: string[];
  groupIds: string[];
  memberOf: string[];
}

/** A fresh candidate's digest: its content, and its mail unless it is empty. */
interface PlannedDigest {
  candidate: Candidate;
  content: DigestContent;
  rendered: RenderedDigest | null;
}

export interface PlanResult {
  users: number;
  digests: number;
  empty: number;
  enqueued: number;
}

/**
 * The digest tick: finds the users whose digest is due (in their time zone), composes and
 * records every due digest, then enqueues one send job per digest. The (user, period) row is
 * written here, before anything is sent; a second tick for the same period finds it and
 * composes nothing twice.
 */
@Injectable()
export class DigestPlanner {
  private readonly logger = new Logger(DigestPlanner.name);

  constructor(
    private readonly em: EntityManager,
    private readonly users: UsersService,
    private readonly forums: ForumsService,
    private readonly groups: WorkingGroupsService,
    private readonly preferences: DigestPreferencesService,
    private readonly composer: DigestComposer,
    private readonly tokens: UnsubscribeTokens,
    private readonly records: DigestRecords,
    private readonly config: ConfigService<Env, true>,
    @InjectQueue(QueueName.Digests) private readonly queue: JobQueue<QueueName.Digests>,
  ) {}

  /** `force`: the operator's catch-up, this period's digest of that frequency for everyone on it, whatever their hour. */
  @EnsureRequestContext()
  async plan(now: Date, force?: DigestFrequency): Promise<PlanResult> {
    const total: PlanResult = { users: 0, digests: 0, empty: 0, enqueued: 0 };
    const activity: ActivityCache = new Map();
    for (let after: string | null = null; ;) {
      const users = await this.users.page(after, BATCH);
      if (!users.length) break;
      const round = await this.planRound(users, now, activity, force);
      total.users += users.length;
      total.digests += round.digests;
      total.empty += round.empty;
      total.enqueued += round.enqueued;
      after = users[users.length - 1].id;
      if (users.length < BATCH) break;
      // Let the event loop breathe between rounds: the same worker renews its job locks and sends.
      await new Promise((resolve) => setImmediate(resolve));
    }
    this.logger.log(`digest tick at ${now.toISOString()}${force ? ` (forced ${force})` : ''}: ${JSON.stringify(total)}`);
    return total;
  }

  /** The content of the digest a user would get now (for the preview endpoint); nothing is recorded. */
  async preview(user: User, now: Date) {
    const [candidate] = await this.candidates([user], now, (schedule) => (schedule.frequency === 'off' ? 'weekly' : schedule.frequency));
    const language = (await this.preferences.schedulesOf([user])).get(user.id)!.language;
    if (!candidate) return renderDigest(emptyContent(user, now), language, this.links(user.id));
    const [content] = await this.composer.compose([this.recipient(candidate, now, new Map())]);
    return renderDigest(content, language, this.links(user.id));
  }

  private async planRound(users: User[], now: Date, activity: ActivityCache, force?: DigestFrequency): Promise<Omit<PlanResult, 'users'>> {
    const due = await this.candidates(users, now, (schedule, frequency) =>
      force === frequency || (!force && isDue(frequency, now, schedule)) ? frequency : null,
    );
    if (!due.length) return { digests: 0, empty: 0, enqueued: 0 };
    const { fresh, unsent } = await this.sortByRecord(due);
    const rows = await this.render(fresh, now, activity);
    const inserted = await this.record(rows);
    const toSend = [
      ...rows
        .filter((row) => row.rendered && inserted.has(`${row.candidate.user.id} ${row.candidate.period.key}`))
        .map((row) => row.candidate),
      ...unsent,
    ];
    await this.enqueue(toSend);
    return {
      digests: rows.filter((row) => row.rendered).length,
      empty: rows.filter((row) => !row.rendered).length,
      enqueued: toSend.length,
    };
  }

  /**
   * The due digests not recorded yet (fresh), and those recorded but maybe never enqueued (a
   * worker died between the two): those are enqueued again, and the job id dedupes.
   */
  private async sortByRecord(due: Candidate[]): Promise<{ fresh: Candidate[]; unsent: Candidate[] }> {
    const existing = await runSql<{ userId: string; periodKey: string; status: string }>(
      this.em,
      recordedDigests(
        due.map((c) => c.user.id),
        [...new Set(due.map((c) => c.period.key))],
      ),
    );
    const recorded = new Map(existing.map((row) => [`${row.userId} ${row.periodKey}`, row.status]));
    return {
      fresh: due.filter((c) => !recorded.has(`${c.user.id} ${c.period.key}`)),
      unsent: due.filter((c) => ['ready', 'sending'].includes(recorded.get(`${c.user.id} ${c.period.key}`) ?? '')),
    };
  }

  private async render(fresh: Candidate[], now: Date, activity: ActivityCache): Promise<PlannedDigest[]> {
    const previous = await this.previousUntil(fresh);
    const contents = await this.composer.compose(
      fresh.map((c) => this.recipient(c, now, previous)),
      activity,
    );
    return contents.map((content, i) => {
      const candidate = fresh[i];
      const rendered = isEmpty(content) ? null : renderDigest(content, candidate.schedule.language, this.links(candidate.user.id));
      return { candidate, content, rendered };
    });
  }

  /** Records the digests (empty ones too, so they are not composed again); answers the keys this call inserted. */
  private record(rows: PlannedDigest[]): Promise<Set<string>> {
    return this.records.insert(
      rows.map(({ candidate: c, content, rendered }) => ({
        userId: c.user.id,
        recipient: c.user.email,
        kind: c.frequency,
        periodKey: c.period.key,
        since: content.since,
        until: content.until,
        rendered,
      })),
    );
  }

  private async enqueue(candidates: Candidate[]): Promise<void> {
    await this.queue.addBulk(
      candidates.map((c) => ({
        name: JobName.Digest,
        data: { userId: c.user.id, periodKey: c.period.key },
        opts: { jobId: jobId('digest', c.user.id, c.period.key) },
      })),
    );
  }

  /** Who gets which digest, from their schedules, levels, follows and groups (four queries for the whole batch). */
  private async candidates(
    users: User[],
    now: Date,
    pick: (schedule: UserSchedule, frequency: DigestFrequency) => DigestFrequency | null,
  ): Promise<Candidate[]> {
    const ids = users.map((user) => user.id);
    const [schedules, levels, follows, groups] = await Promise.all([
      this.preferences.schedulesOf(users),
      this.preferences.levelsOf(ids),
      this.forums.followsOf(ids),
      this.groups.activeGroupsOf(ids),
    ]);
    const candidates: Candidate[] = [];
    for (const user of users) {
      const schedule = schedules.get(user.id)!;
      const general = schedule.frequency;
      if (general === 'off') continue;
      const levelOf = (scopeId: string): Level => {
        const level = levels.get(user.id)?.get(scopeId);
        return !level || level === 'every-update' ? general : level;
      };
      const memberOf = groups.get(user.id) ?? [];
      for (const frequency of FREQUENCIES) {
        if (!pick(schedule, frequency)) continue;
        const forumIds = (follows.get(user.id) ?? []).filter((id) => levelOf(id) === frequency);
        const groupIds = memberOf.filter((id) => levelOf(id) === frequency);
        // Mentions ride in the digest of the general frequency, so that one is planned even without follows.
        if (!forumIds.length && !groupIds.length && frequency !== schedule.frequency) continue;
        candidates.push({ user, schedule, frequency, period: currentPeriod(frequency, now, schedule), forumIds, groupIds, memberOf });
      }
    }
    return candidates;
  }

  private recipient(c: Candidate, now: Date, previous: Map<string, Date>): DigestRecipient {
    const since = previous.get(`${c.user.id} ${c.frequency}`) ?? new Date(now.getTime() - c.period.lengthMs);
    return {
      userId: c.user.id,
      name: c.user.name,
      email: c.user.email,
      kind: c.frequency,
      since,
      until: now,
      forumIds: c.forumIds,
      groupIds: c.groupIds,
      withMentions: c.frequency === c.schedule.frequency,
      memberOf: c.memberOf,
    };
  }

  /** Where each user's previous digest of the same kind ended: the next one starts there. */
  private async previousUntil(candidates: Candidate[]): Promise<Map<string, Date>> {
    if (!candidates.length) return new Map();
    const rows = await runSql<{ userId: string; kind: string; until: Date }>(
      this.em,
      previousUntil([...new Set(candidates.map((c) => c.user.id))]),
    );
    return new Map(rows.map((row) => [`${row.userId} ${row.kind}`, row.until]));
  }

  links(userId: string) {
    const publicUrl = this.config.get('PUBLIC_URL', { infer: true });
    return { publicUrl, unsubscribeUrl: `${publicUrl}/api/unsubscribe?token=${this.tokens.issue(userId)}` };
  }
}

function emptyContent(user: User, now: Date) {
  return {
    userId: user.id,
    name: user.name,
    email: user.email,
    kind: 'weekly' as const,
    since: now,
    until: now,
    threads: [],
    mentions: [],
    posts: [],
    offers: [],
    events: [],
  };
}
