import { Injectable } from '@nestjs/common';
import { WorkingGroupsService } from '@agora/forums';
import { UsersService } from '@agora/identity';
import { JobName, JobOf, OnJob } from '@agora/platform';
import { DigestComposer } from '../digest.composer';
import { isEmpty } from '../digest.content';
import { DigestPlanner } from '../digest.planner';
import { DigestPreferencesService } from '../digest-preferences.service';
import { DigestRecords } from '../digest.records';
import { renderDigest } from '../digest.renderer';
import { DigestSender } from '../digest.sender';
import { isLastAttempt } from './digest.handler';

export type MentionMailOutcome = 'not-subscribed' | 'nothing-new' | 'sent' | 'already-done';

/**
 * The mentions of one user in one window, in one mail, for the forums and groups they follow at
 * the "every update" level. Runs at the end of the window (a delayed job), so that several
 * mentions in a few minutes make one mail.
 */
@Injectable()
export class MentionMailHandler {
  constructor(
    private readonly users: UsersService,
    private readonly groups: WorkingGroupsService,
    private readonly preferences: DigestPreferencesService,
    private readonly composer: DigestComposer,
    private readonly records: DigestRecords,
    private readonly planner: DigestPlanner,
    private readonly sender: DigestSender,
  ) {}

  @OnJob(JobName.MentionMail)
  async handle(job: JobOf<JobName.MentionMail>): Promise<MentionMailOutcome> {
    const { userId, windowKey, windowStart, windowEnd } = job.data;
    const user = await this.users.findByIds([userId]).then((found) => found[0]);
    if (!user) return 'not-subscribed';
    const [schedules, levels, groups] = await Promise.all([
      this.preferences.schedulesOf([user]),
      this.preferences.levelsOf([userId]),
      this.groups.activeGroupsOf([userId]),
    ]);
    const schedule = schedules.get(userId)!;
    const everyUpdate = [...(levels.get(userId) ?? new Map<string, string>())]
      .filter(([, level]) => level === 'every-update')
      .map(([scope]) => scope);
    if (schedule.frequency === 'off' || !everyUpdate.length) return 'not-subscribed';

    const [content] = await this.composer.compose([
      {
        userId,
        name: user.name,
        email: user.email,
        kind: 'mentions',
        since: new Date(windowStart),
        until: new Date(windowEnd),
        forumIds: [],
        groupIds: [],
        withMentions: true,
        memberOf: groups.get(userId) ?? [],
        mentionScopes: everyUpdate,
      },
    ]);
    const rendered = isEmpty(content) ? null : renderDigest(content, schedule.language, this.planner.links(userId));
    await this.records.insert([
      { userId, recipient: user.email, kind: 'mentions', periodKey: windowKey, since: content.since, until: content.until, rendered },
    ]);
    if (!rendered) return 'nothing-new';
    return this.sender.send(userId, windowKey, isLastAttempt(job));
  }
}
