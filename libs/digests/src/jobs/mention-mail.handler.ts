import { Injectable } from '@nestjs/common';
import { WorkingGroupsService } from '@agora/forums';
import { User, UsersService } from '@agora/identity';
import { JobName, JobOf, OnJob } from '@agora/platform';
import { DigestComposer, DigestRecipient } from '../digest.composer';
import { isEmpty } from '../digest.content';
import { DigestPlanner } from '../digest.planner';
import type { DigestLanguage } from '../digest-preference.entity';
import { DigestPreferencesService } from '../digest-preferences.service';
import { DigestRecords } from '../digest.records';
import { renderDigest } from '../digest.renderer';
import { DigestSender } from '../digest.sender';
import { isLastAttempt } from './digest.handler';

export type MentionMailOutcome = 'not-subscribed' | 'nothing-new' | 'sent' | 'already-done';

interface MentionSubscriber {
  user: User;
  language: DigestLanguage;
  /** The forums and groups followed at the "every update" level: the mail's scopes. */
  everyUpdate: string[];
  memberOf: string[];
}

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
    const subscriber = await this.subscriber(userId);
    if (!subscriber) return 'not-subscribed';
    const [content] = await this.composer.compose([mentionRecipient(subscriber, new Date(windowStart), new Date(windowEnd))]);
    const rendered = isEmpty(content) ? null : renderDigest(content, subscriber.language, this.planner.links(userId));
    await this.records.insert([
      {
        userId,
        recipient: subscriber.user.email,
        kind: 'mentions',
        periodKey: windowKey,
        since: content.since,
        until: content.until,
        rendered,
      },
    ]);
    if (!rendered) return 'nothing-new';
    return this.sender.send(userId, windowKey, isLastAttempt(job));
  }

  /** The user, when they take mention mails: digests not off, and some scope followed at "every update". */
  private async subscriber(userId: string): Promise<MentionSubscriber | undefined> {
    const user = await this.users.findByIds([userId]).then((found) => found[0]);
    if (!user) return undefined;
    const [schedules, levels, groups] = await Promise.all([
      this.preferences.schedulesOf([user]),
      this.preferences.levelsOf([userId]),
      this.groups.activeGroupsOf([userId]),
    ]);
    const schedule = schedules.get(userId)!;
    const everyUpdate = [...(levels.get(userId) ?? new Map<string, string>())]
      .filter(([, level]) => level === 'every-update')
      .map(([scope]) => scope);
    if (schedule.frequency === 'off' || !everyUpdate.length) return undefined;
    return { user, language: schedule.language, everyUpdate, memberOf: groups.get(userId) ?? [] };
  }
}

/** A mention mail carries the window's mentions in the subscriber's every-update scopes, and nothing else. */
function mentionRecipient(subscriber: MentionSubscriber, since: Date, until: Date): DigestRecipient {
  const { user } = subscriber;
  return {
    userId: user.id,
    name: user.name,
    email: user.email,
    kind: 'mentions',
    since,
    until,
    forumIds: [],
    groupIds: [],
    withMentions: true,
    memberOf: subscriber.memberOf,
    mentionScopes: subscriber.everyUpdate,
  };
}
