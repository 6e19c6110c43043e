import { BadRequestException, ConflictException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { EntityManager, FilterQuery, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { AuthUser, decodeCursor, Page, PageQuery, runSql, toPage, toRef } from '@agora/platform';
import { CitiesService } from '@agora/network';
import { toPerson, UsersService } from '@agora/identity';
import { ForumsService } from '@agora/forums';
import { PostsService } from '@agora/knowledge';
import { ApplicationView, ApplyDto, CreateExchangeDto, ExchangeListQuery, ExchangeView, ReportDto } from './dto/exchanges.dto';
import { ExchangeApplication } from './exchange-application.entity';
import { ExchangeOffer } from './exchange-offer.entity';
import { ExchangesPolicy } from './exchanges.policy';
import { answerApplication, freePlace, takePlace, withdrawApplication } from './exchanges.queries';

/** Today as YYYY-MM-DD in UTC: deadlines are whole days. */
export const todayUtc = (): string => new Date().toISOString().slice(0, 10);

const isRealDate = (value: string): boolean => {
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
};

@Injectable()
export class ExchangesService {
  constructor(
    private readonly em: EntityManager,
    private readonly cities: CitiesService,
    private readonly forums: ForumsService,
    private readonly users: UsersService,
    private readonly posts: PostsService,
  ) {}

  async list(query: ExchangeListQuery): Promise<Page<ExchangeView>> {
    const conditions: FilterQuery<ExchangeOffer>[] = [];
    if (query.forum) conditions.push({ forum: await this.forums.getBySlug(query.forum) });
    if (query.city) conditions.push({ hostCity: await this.cities.getBySlug(query.city) });
    if (query.language) conditions.push({ languages: { $contains: [query.language] } });
    if (query.status === 'open') conditions.push({ applicationDeadline: { $gte: todayUtc() } });
    if (query.status === 'closed') conditions.push({ applicationDeadline: { $lt: todayUtc() } });
    const after = decodeCursor(query.cursor);
    if (after) conditions.push({ id: { $lt: after[1] } });
    // Ids are UUIDv7: descending id is newest first.
    const rows = await this.em.find(
      ExchangeOffer,
      { $and: conditions },
      { populate: ['hostCity', 'forum', 'createdBy', 'createdBy.city'], orderBy: { id: 'desc' }, limit: query.limit + 1 },
    );
    return toPage(rows, query.limit, (offer) => [0, offer.id], toExchangeView);
  }

  async create(user: AuthUser, dto: CreateExchangeDto): Promise<ExchangeView> {
    const hostSlug = dto.hostCity ?? user.city;
    if (!hostSlug) throw new BadRequestException('hostCity is required for secretariat staff');
    if (!ExchangesPolicy.canOffer(user, hostSlug)) throw new ForbiddenException('Officers offer placements in their own city');
    for (const field of ['startDate', 'endDate', 'applicationDeadline'] as const) {
      if (!isRealDate(dto[field])) throw new BadRequestException(`${field} is not a calendar date`);
    }
    if (dto.endDate < dto.startDate) throw new BadRequestException('endDate is before startDate');
    if (dto.applicationDeadline > dto.startDate) throw new BadRequestException('applicationDeadline is after startDate');
    if (dto.applicationDeadline < todayUtc()) throw new BadRequestException('applicationDeadline has passed');
    const [hostCity, forum] = await Promise.all([this.cities.getBySlug(hostSlug), this.forums.getBySlug(dto.forum)]);
    const offer = new ExchangeOffer({
      hostCity,
      forum,
      createdBy: await this.users.get(user.id),
      topic: dto.topic.trim(),
      department: dto.department.trim(),
      description: dto.description,
      languages: [...new Set(dto.languages)],
      places: dto.places,
      startDate: dto.startDate,
      endDate: dto.endDate,
      applicationDeadline: dto.applicationDeadline,
    });
    await this.em.persist(offer).flush();
    return toExchangeView(offer);
  }

  async view(id: string): Promise<ExchangeView> {
    return toExchangeView(await this.load(id));
  }

  async apply(user: AuthUser, id: string, dto: ApplyDto): Promise<ApplicationView> {
    const offer = await this.load(id);
    if (!ExchangesPolicy.canApply(user, offer.hostCity.slug)) {
      throw new ForbiddenException('Officers of the other member cities apply for a placement');
    }
    if (offer.applicationDeadline < todayUtc()) throw new ConflictException('The application deadline has passed');
    if (offer.placesTaken >= offer.places) throw new ConflictException('Every place is taken');
    const applicant = await this.users.get(user.id);
    const application = new ExchangeApplication(offer, applicant, applicant.city!, dto.motivation);
    try {
      await this.em.persist(application).flush();
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) throw new ConflictException('You have applied for this placement already');
      throw error;
    }
    return toApplicationView(application);
  }

  /** The host and the staff see every application; an applicant sees their own. */
  async applications(user: AuthUser, id: string, query: PageQuery): Promise<Page<ApplicationView>> {
    const offer = await this.load(id);
    const where: FilterQuery<ExchangeApplication> = ExchangesPolicy.canDecide(user, offer.hostCity.slug)
      ? { offer }
      : { offer, applicant: user.id };
    const after = decodeCursor(query.cursor);
    const rows = await this.em.find(ExchangeApplication, after ? { $and: [where, { id: { $gt: after[1] } }] } : where, {
      populate: ['applicant', 'applicant.city'],
      orderBy: { id: 'asc' },
      limit: query.limit + 1,
    });
    return toPage(rows, query.limit, (application) => [0, application.id], toApplicationView);
  }

  /**
   * Accepts under two conditional UPDATEs in one transaction: the application must still be
   * submitted, and the offer must have a place left (`places_taken < places`). The row lock on
   * the offer serializes racing accepts; the loser sees no row to update and gets a 409.
   */
  async accept(user: AuthUser, applicationId: string): Promise<ApplicationView> {
    const application = await this.decidable(user, applicationId);
    await this.em.transactional(async (em) => {
      const taken = await runSql(em, takePlace(application.offer.id));
      if (!taken.length) throw new ConflictException('Every place is taken');
      const answered = await runSql(em, answerApplication(application.id, 'accepted'));
      if (!answered.length) throw new ConflictException('This application has been answered or withdrawn already');
    });
    return this.applicationView(application.id);
  }

  async decline(user: AuthUser, applicationId: string): Promise<ApplicationView> {
    const application = await this.decidable(user, applicationId);
    const answered = await runSql(this.em, answerApplication(application.id, 'declined'));
    if (!answered.length) throw new ConflictException('This application has been answered or withdrawn already');
    return this.applicationView(application.id);
  }

  /** The applicant withdraws; withdrawing an accepted application frees its place. */
  async withdraw(user: AuthUser, applicationId: string): Promise<ApplicationView> {
    const application = await this.em.findOne(ExchangeApplication, { id: applicationId }, { populate: ['offer', 'offer.hostCity'] });
    if (!application || !this.maySee(user, application)) throw new NotFoundException('No such application');
    if (!ExchangesPolicy.canWithdraw(user, application.applicant.id))
      throw new ForbiddenException('Only the applicant withdraws an application');
    await this.em.transactional(async (em) => {
      const [row] = await runSql<{ previous: string }>(em, withdrawApplication(application.id));
      if (!row) throw new ConflictException('This application is closed already');
      if (row.previous === 'accepted') {
        await runSql(em, freePlace(application.offer.id));
      }
    });
    return this.applicationView(application.id);
  }

  /** Links a completed exchange to a published post that reports on it and that the linker (host, staff) may see. */
  async report(user: AuthUser, id: string, dto: ReportDto): Promise<ExchangeView> {
    const offer = await this.load(id);
    if (!ExchangesPolicy.canDecide(user, offer.hostCity.slug))
      throw new ForbiddenException('Only the host city and the staff link a report');
    if (offer.endDate >= todayUtc()) throw new ConflictException('The exchange has not ended yet');
    const post = await this.posts.findPublishedFor(user, dto.postId);
    if (!post) throw new NotFoundException('No published post with that id');
    offer.reportPostId = post.id;
    await this.em.flush();
    return toExchangeView(offer);
  }

  private async load(id: string): Promise<ExchangeOffer> {
    const offer = await this.em.findOne(ExchangeOffer, { id }, { populate: ['hostCity', 'forum', 'createdBy', 'createdBy.city'] });
    if (!offer) throw new NotFoundException('No such exchange');
    return offer;
  }

  /** An application is a 404 to all but its applicant, the host city and the staff. */
  private maySee(user: AuthUser, application: ExchangeApplication): boolean {
    return application.applicant.id === user.id || ExchangesPolicy.canDecide(user, application.offer.hostCity.slug);
  }

  private async decidable(user: AuthUser, applicationId: string): Promise<ExchangeApplication> {
    const application = await this.em.findOne(ExchangeApplication, { id: applicationId }, { populate: ['offer', 'offer.hostCity'] });
    if (!application || !this.maySee(user, application)) throw new NotFoundException('No such application');
    if (!ExchangesPolicy.canDecide(user, application.offer.hostCity.slug)) {
      throw new ForbiddenException('Only the host city and the staff answer applications');
    }
    return application;
  }

  private async applicationView(id: string): Promise<ApplicationView> {
    const application = await this.em.fork().findOneOrFail(ExchangeApplication, { id }, { populate: ['applicant', 'applicant.city'] });
    return toApplicationView(application);
  }
}

export function toExchangeView(offer: ExchangeOffer): ExchangeView {
  return {
    id: offer.id,
    hostCity: toRef(offer.hostCity),
    forum: toRef(offer.forum),
    createdBy: toPerson(offer.createdBy),
    topic: offer.topic,
    department: offer.department,
    description: offer.description,
    languages: offer.languages,
    places: offer.places,
    placesTaken: offer.placesTaken,
    startDate: offer.startDate,
    endDate: offer.endDate,
    applicationDeadline: offer.applicationDeadline,
    open: offer.applicationDeadline >= todayUtc(),
    reportPostId: offer.reportPostId,
    createdAt: offer.createdAt.toISOString(),
  };
}

function toApplicationView(application: ExchangeApplication): ApplicationView {
  return {
    id: application.id,
    exchangeId: application.offer.id,
    applicant: toPerson(application.applicant),
    motivation: application.motivation,
    status: application.status,
    createdAt: application.createdAt.toISOString(),
    decidedAt: application.decidedAt ? application.decidedAt.toISOString() : null,
  };
}
