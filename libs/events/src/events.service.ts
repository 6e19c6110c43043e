import { createHash, randomBytes } from 'node:crypto';
import { BadRequestException, ConflictException, ForbiddenException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { EntityManager, FilterQuery } from '@mikro-orm/postgresql';
import { AgoraConfig, AuthUser, decodeCursor, Page, runSql, toPage, toRef } from '@agora/platform';
import { City, CitiesService, MandatesService } from '@agora/network';
import { User, UsersService } from '@agora/identity';
import { Forum, ForumsService, Membership, WorkingGroup, WorkingGroupsService } from '@agora/forums';
import { CalendarEvent, NETWORK_KINDS } from './calendar-event.entity';
import { CalendarFeedToken } from './calendar-feed-token.entity';
import { CreateEventDto, EventListQuery, EventView, PlanningView } from './dto/events.dto';
import { EventsPolicy } from './events.policy';
import { goingCountExcept, goingCounts, lockEventCapacity, upsertFeedToken, upsertRsvp } from './events.queries';
import { IcsEvent, renderCalendar } from './ics';
import { Rsvp, RsvpStatus } from './rsvp.entity';

/** The statutes: the Executive Committee meets at least three times a year. */
export const MIN_EXECUTIVE_COMMITTEE_MEETINGS = 3;

const POPULATE = ['hostCity', 'forum', 'workingGroup', 'parent'] as const;

const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');

const isTimeZone = (zone: string): boolean => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

@Injectable()
export class EventsService {
  constructor(
    private readonly em: EntityManager,
    @Inject(ConfigService) private readonly config: AgoraConfig,
    private readonly cities: CitiesService,
    private readonly mandates: MandatesService,
    private readonly users: UsersService,
    private readonly forums: ForumsService,
    private readonly groups: WorkingGroupsService,
  ) {}

  /** Events from `from` (default: today, UTC) on, soonest first; private groups' meetings only for their members. */
  async list(user: AuthUser, query: EventListQuery): Promise<Page<EventView>> {
    const from = query.from ? new Date(query.from) : new Date(new Date().toISOString().slice(0, 10));
    const conditions: FilterQuery<CalendarEvent>[] = [{ startsAt: { $gte: from } }];
    if (query.to) conditions.push({ startsAt: { $lt: new Date(query.to) } });
    if (query.kind) conditions.push({ kind: query.kind });
    const hidden = await this.groups.hiddenGroupIds(user);
    if (hidden.length) conditions.push({ $or: [{ workingGroup: null }, { workingGroup: { $nin: hidden } }] });
    const after = decodeCursor(query.cursor);
    if (after) {
      const at = new Date(String(after[0]));
      conditions.push({ $or: [{ startsAt: { $gt: at } }, { startsAt: at, id: { $gt: after[1] } }] });
    }
    const rows = await this.em.find(
      CalendarEvent,
      { $and: conditions },
      { populate: POPULATE, orderBy: { startsAt: 'asc', id: 'asc' }, limit: query.limit + 1 },
    );
    const page = toPage(
      rows,
      query.limit,
      (event) => [event.startsAt.toISOString(), event.id],
      (event) => event,
    );
    return { items: await this.toViews(user, page.items), nextCursor: page.nextCursor };
  }

  async view(user: AuthUser, id: string): Promise<EventView> {
    return (await this.toViews(user, [await this.loadVisible(user, id)]))[0];
  }

  async create(user: AuthUser, dto: CreateEventDto): Promise<EventView> {
    const startsAt = new Date(dto.startsAt);
    const endsAt = new Date(dto.endsAt);
    if (endsAt <= startsAt) throw new BadRequestException('endsAt must be after startsAt');
    if (!isTimeZone(dto.timeZone)) throw new BadRequestException('timeZone is not an IANA time zone');
    let forum: Forum | null = dto.forum ? await this.forums.getBySlug(dto.forum) : null;
    let group: WorkingGroup | null = null;
    let membership: Membership | null = null;
    if (dto.kind === 'working-group-meeting') {
      if (!dto.workingGroupId) throw new BadRequestException('workingGroupId is required for a working-group meeting');
      ({ group, membership } = await this.groups.loadVisible(user, dto.workingGroupId));
      forum = group.forum;
    } else if (dto.workingGroupId) {
      throw new BadRequestException('workingGroupId is only for working-group meetings');
    }
    if (dto.kind === 'forum-meeting' && !forum) throw new BadRequestException('forum is required for a forum meeting');
    const chairs = forum && dto.kind === 'forum-meeting' ? await this.mandates.currentHolders('forum-chair', forum.slug) : [];
    if (
      !EventsPolicy.canCreate(
        user,
        dto.kind,
        chairs.map((city) => city.slug),
        membership,
      )
    ) {
      throw new ForbiddenException('You may not plan this kind of meeting');
    }
    const parent = dto.parentId ? await this.em.findOne(CalendarEvent, { id: dto.parentId }) : null;
    if (dto.parentId && !parent) throw new BadRequestException('parentId names no event');
    const hostCity: City | null = dto.hostCity ? await this.cities.getBySlug(dto.hostCity) : null;
    const event = new CalendarEvent(dto.kind, dto.title.trim(), startsAt, endsAt, dto.timeZone);
    Object.assign(event, {
      description: dto.description ?? '',
      place: dto.place ?? null,
      hostCity,
      onlineUrl: dto.onlineUrl ?? null,
      forum,
      workingGroup: group,
      parent,
      capacity: dto.capacity ?? null,
      createdBy: this.em.getReference(User, user.id),
    });
    await this.em.persist(event).flush();
    return this.view(user, event.id);
  }

  /**
   * Going, maybe or not going. The event row is locked (FOR UPDATE) while the "going" count is
   * checked against the capacity and the answer stored, so two people racing for the last
   * seat cannot both get it: the second waits, then sees the event full (409).
   */
  async rsvp(user: AuthUser, id: string, status: RsvpStatus): Promise<EventView> {
    const event = await this.loadVisible(user, id);
    await this.em.transactional(async (em) => {
      const [locked] = await runSql<{ capacity: number | null }>(em, lockEventCapacity(event.id));
      if (status === 'going' && locked.capacity !== null) {
        const [{ count }] = await runSql<{ count: string }>(em, goingCountExcept(event.id, user.id));
        if (Number(count) >= locked.capacity) throw new ConflictException('The event is full');
      }
      await runSql(em, upsertRsvp(event.id, user.id, status));
    });
    return this.view(user, event.id);
  }

  /** The secretariat's check: are at least three Executive Committee meetings planned in `year`? */
  async planning(user: AuthUser, year: number): Promise<PlanningView> {
    if (!EventsPolicy.canSeePlanning(user)) throw new ForbiddenException('The planning view is the secretariat’s');
    const count = await this.em.count(CalendarEvent, {
      kind: 'executive-committee',
      startsAt: { $gte: new Date(Date.UTC(year, 0, 1)), $lt: new Date(Date.UTC(year + 1, 0, 1)) },
    });
    return {
      year,
      executiveCommitteeMeetings: count,
      required: MIN_EXECUTIVE_COMMITTEE_MEETINGS,
      warning:
        count < MIN_EXECUTIVE_COMMITTEE_MEETINGS
          ? `Only ${count} Executive Committee meeting${count === 1 ? '' : 's'} planned in ${year}; the statutes ask for at least ${MIN_EXECUTIVE_COMMITTEE_MEETINGS}.`
          : null,
    };
  }

  /** Issues the secret of the caller's feed URL; a new one replaces (and revokes) the old. */
  async issueFeedUrl(user: AuthUser): Promise<{ url: string }> {
    const token = randomBytes(32).toString('base64url');
    await runSql(this.em, upsertFeedToken(user.id, sha256(token)));
    return { url: `${this.config.get('PUBLIC_URL', { infer: true })}/api/events.ics?token=${token}` };
  }

  /** Who a feed token belongs to, as an AuthUser (their rights decide what the feed shows); 404 for an unknown token. */
  async feedUser(token: string): Promise<AuthUser> {
    const found = await this.em.findOne(CalendarFeedToken, { tokenHash: sha256(token) });
    if (!found) throw new NotFoundException('No such calendar feed');
    const user = await this.users.get(found.user.id);
    return { id: user.id, role: user.role, city: user.city?.slug ?? null, sessionId: 'calendar-feed' };
  }

  /**
   * The user's calendar: network meetings (everyone is invited), meetings of the forums they
   * follow and the groups they are in, and whatever they said they go to; from a year back on.
   */
  async feed(user: AuthUser): Promise<string> {
    const [followed, groupIds, hidden] = await Promise.all([
      this.forums.followedForumIds(user.id),
      this.groups.activeGroupIds(user.id),
      this.groups.hiddenGroupIds(user),
    ]);
    const answered = await this.em.find(Rsvp, { user: user.id, status: { $in: ['going', 'maybe'] } }, { fields: ['event'] });
    const since = new Date(Date.now() - 365 * 24 * 3600 * 1000);
    const invited: FilterQuery<CalendarEvent>[] = [
      { kind: { $in: NETWORK_KINDS } },
      { id: { $in: answered.map((rsvp) => rsvp.event.id) } },
    ];
    if (followed.length) invited.push({ kind: 'forum-meeting', forum: { $in: followed } });
    if (groupIds.length) invited.push({ workingGroup: { $in: groupIds } });
    const conditions: FilterQuery<CalendarEvent>[] = [{ startsAt: { $gte: since } }, { $or: invited }];
    if (hidden.length) conditions.push({ $or: [{ workingGroup: null }, { workingGroup: { $nin: hidden } }] });
    const events = await this.em.find(
      CalendarEvent,
      { $and: conditions },
      { populate: ['hostCity'], orderBy: { startsAt: 'asc' }, limit: 1000 },
    );
    const host = new URL(this.config.get('PUBLIC_URL', { infer: true })).hostname;
    const now = new Date();
    const items: IcsEvent[] = events.map((event) => ({
      uid: `${event.id}@${host}`,
      sequence: event.sequence,
      stamp: now,
      start: event.startsAt,
      end: event.endsAt,
      summary: event.title,
      description: event.description,
      location: [event.place, event.hostCity?.name].filter(Boolean).join(', ') || event.onlineUrl,
      url: event.onlineUrl,
      categories: event.kind,
    }));
    return renderCalendar('Agora events', items);
  }

  private async loadVisible(user: AuthUser, id: string): Promise<CalendarEvent> {
    const event = await this.em.findOne(CalendarEvent, { id }, { populate: POPULATE });
    if (!event) throw new NotFoundException('No such event');
    if (event.workingGroup) {
      try {
        await this.groups.loadVisible(user, event.workingGroup.id);
      } catch (error) {
        if (error instanceof NotFoundException) throw new NotFoundException('No such event');
        throw error;
      }
    }
    return event;
  }

  private async toViews(user: AuthUser, events: CalendarEvent[]): Promise<EventView[]> {
    if (!events.length) return [];
    const ids = events.map((event) => event.id);
    const [counts, mine] = await Promise.all([
      runSql<{ id: string; count: string }>(this.em, goingCounts(ids)),
      this.em.fork().find(Rsvp, { event: { $in: ids }, user: user.id }),
    ]);
    const going = new Map(counts.map((row) => [row.id, Number(row.count)]));
    return events.map((event) => ({
      id: event.id,
      kind: event.kind,
      title: event.title,
      description: event.description,
      startsAt: event.startsAt.toISOString(),
      endsAt: event.endsAt.toISOString(),
      timeZone: event.timeZone,
      place: event.place,
      hostCity: toRef(event.hostCity),
      onlineUrl: event.onlineUrl,
      forum: toRef(event.forum),
      workingGroup: event.workingGroup ? { id: event.workingGroup.id, name: event.workingGroup.name } : null,
      parentId: event.parent?.id ?? null,
      capacity: event.capacity,
      going: going.get(event.id) ?? 0,
      myRsvp: mine.find((rsvp) => rsvp.event.id === event.id)?.status ?? null,
    }));
  }
}
