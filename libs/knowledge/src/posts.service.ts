import { BadRequestException, ConflictException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { EntityManager, FilterQuery } from '@mikro-orm/postgresql';
import { AuthUser, decodeCursor, isStaff, Page, renderMarkdown, sqlCondition, toPage, toRef } from '@agora/platform';
import { City, CitiesService, MandatesService } from '@agora/network';
import { toPerson, User, UsersService } from '@agora/identity';
import { ForumsService, Membership, WorkingGroup, WorkingGroupsService } from '@agora/forums';
import {
  CreatePostDto,
  PostListQuery,
  PostSummaryView,
  PostView,
  RevisionView,
  SendBackDto,
  TranslationDto,
  UpdatePostDto,
} from './dto/knowledge.dto';
import { KnowledgePolicy } from './knowledge.policy';
import { hasTranslationIn, matchesWords } from './knowledge.queries';
import { Post, REVISABLE_FIELDS, RevisableField } from './post.entity';
import { PostRevision } from './post-revision.entity';
import { PostTranslation } from './post-translation.entity';

/** A post the caller may see, with what they may do to it. */
interface PostAccess {
  post: Post;
  reviewer: boolean;
  canEdit: boolean;
}

const POPULATE = ['forum', 'workingGroup', 'city', 'author', 'author.city'] as const;

@Injectable()
export class PostsService {
  constructor(
    private readonly em: EntityManager,
    private readonly forums: ForumsService,
    private readonly groups: WorkingGroupsService,
    private readonly cities: CitiesService,
    private readonly mandates: MandatesService,
    private readonly users: UsersService,
  ) {}

  async create(user: AuthUser, dto: CreatePostDto): Promise<PostView> {
    const forum = await this.forums.getBySlug(dto.forum);
    let group: WorkingGroup | null = null;
    let membership: Membership | null = null;
    if (dto.workingGroupId) {
      ({ group, membership } = await this.groups.loadVisible(user, dto.workingGroupId));
      if (group.forum.id !== forum.id) throw new BadRequestException(`That working group is not in the ${forum.name} Forum`);
    }
    if (!KnowledgePolicy.canCreate(user, group, membership)) {
      throw new ForbiddenException(
        group ? 'Join the working group to write in it' : 'Only officers of member cities and the staff write posts',
      );
    }
    if (dto.city && !isStaff(user)) throw new ForbiddenException('Officers post for their own city');
    const citySlug = dto.city ?? user.city;
    const city: City | null = citySlug ? await this.cities.getBySlug(citySlug) : null;
    const post = new Post({
      forum,
      workingGroup: group,
      city,
      author: this.em.getReference(User, user.id),
      language: dto.language,
      title: dto.title.trim(),
      summary: dto.summary,
      body: dto.body,
      html: renderMarkdown(dto.body),
    });
    assignFields(post, dto);
    await this.em.persist(post).flush();
    return this.view(user, post.id);
  }

  /** The post in the caller's language when a translation exists (else the original). */
  async view(user: AuthUser, id: string, language?: string): Promise<PostView> {
    const access = await this.access(user, id);
    const translations = await this.em.find(PostTranslation, { post: access.post }, { orderBy: { language: 'asc' } });
    const wanted = language ? [language] : (await this.users.get(user.id)).languages;
    return toPostView(access, pickVariant(access.post.language, translations, wanted), translations);
  }

  async update(user: AuthUser, id: string, dto: UpdatePostDto): Promise<PostView> {
    const { post, canEdit } = await this.access(user, id);
    if (!canEdit) throw new ForbiddenException('Only the author and the reviewers edit a post');
    if (post.status === 'archived') throw new ConflictException('An archived post cannot be changed');
    const before = snapshot(post);
    assignFields(post, dto);
    if (dto.body !== undefined) post.html = renderMarkdown(dto.body);
    post.updatedAt = new Date();
    const after = snapshot(post);
    const changed = REVISABLE_FIELDS.filter((field) => JSON.stringify(before[field]) !== JSON.stringify(after[field]));
    // Drafts are work in progress; only changes to what readers see become revisions. The post
    // and its revision are written by one flush, which is one transaction.
    if (post.status === 'published' && changed.length) {
      post.revision += 1;
      this.em.persist(new PostRevision(post, post.revision, this.em.getReference(User, user.id), changed, after, dto.note ?? null));
    }
    await this.em.flush();
    return this.view(user, post.id);
  }

  /** The author asks for review (a reviewer's "send back" clears it). */
  async submit(user: AuthUser, id: string): Promise<PostView> {
    const { post } = await this.access(user, id);
    if (post.author.id !== user.id) throw new ForbiddenException('Only the author submits a draft for review');
    if (post.status !== 'draft') throw new ConflictException('Only a draft can be submitted');
    post.submittedAt = new Date();
    await this.em.flush();
    return this.view(user, post.id);
  }

  async publish(user: AuthUser, id: string): Promise<PostView> {
    const { post, reviewer } = await this.access(user, id);
    if (!reviewer) throw new ForbiddenException("Only the group's lead, the forum's chair city and the secretariat publish");
    if (post.status !== 'draft') throw new ConflictException(`The post is ${post.status} already`);
    post.publish();
    this.em.persist(new PostRevision(post, 1, this.em.getReference(User, user.id), [...REVISABLE_FIELDS], snapshot(post), 'published'));
    await this.em.flush(); // one transaction: the post and its first revision
    return this.view(user, post.id);
  }

  async sendBack(user: AuthUser, id: string, dto: SendBackDto): Promise<PostView> {
    const { post, reviewer } = await this.access(user, id);
    if (!reviewer) throw new ForbiddenException("Only the group's lead, the forum's chair city and the secretariat review drafts");
    if (post.status !== 'draft') throw new ConflictException('Only a draft can be sent back');
    post.sendBack(dto.comment);
    await this.em.flush();
    return this.view(user, post.id);
  }

  async archive(user: AuthUser, id: string): Promise<PostView> {
    const { post, reviewer } = await this.access(user, id);
    if (!reviewer) throw new ForbiddenException("Only the group's lead, the forum's chair city and the secretariat archive posts");
    if (post.status !== 'published') throw new ConflictException('Only a published post can be archived');
    post.archive();
    await this.em.flush();
    return this.view(user, post.id);
  }

  async revisions(user: AuthUser, id: string, query: { limit: number; cursor?: string }): Promise<Page<RevisionView>> {
    const { post } = await this.access(user, id);
    const after = decodeCursor(query.cursor);
    const rows = await this.em.find(PostRevision, after ? { post, number: { $lt: Number(after[0]) } } : { post }, {
      populate: ['editor', 'editor.city'],
      orderBy: { number: 'desc' },
      limit: query.limit + 1,
    });
    return toPage(
      rows,
      query.limit,
      (revision) => [revision.number, revision.id],
      (revision) => ({
        number: revision.number,
        editor: toPerson(revision.editor),
        changedFields: revision.changedFields,
        note: revision.note,
        snapshot: revision.snapshot,
        createdAt: revision.createdAt.toISOString(),
      }),
    );
  }

  /** Adds or replaces the variant in `language`; the original's language is edited with PATCH. */
  async putTranslation(user: AuthUser, id: string, language: string, dto: TranslationDto): Promise<PostView> {
    const { post, canEdit } = await this.access(user, id);
    if (!canEdit) throw new ForbiddenException('Only the author and the reviewers translate a post');
    if (post.status === 'archived') throw new ConflictException('An archived post cannot be changed');
    if (language === post.language) throw new ConflictException(`The original is in ${language}: edit the post instead`);
    const translator = this.em.getReference(User, user.id);
    const html = renderMarkdown(dto.body);
    const existing = await this.em.findOne(PostTranslation, { post, language });
    if (existing) existing.update(dto.title.trim(), dto.summary, dto.body, html, translator);
    else this.em.persist(new PostTranslation(post, language, dto.title.trim(), dto.summary, dto.body, html, translator));
    await this.em.flush();
    return this.view(user, post.id, language);
  }

  async list(user: AuthUser, query: PostListQuery): Promise<Page<PostSummaryView>> {
    const status = query.status ?? 'published';
    const conditions: FilterQuery<Post>[] = [{ status }];
    const hidden = await this.groups.hiddenGroupIds(user);
    if (hidden.length) conditions.push({ $or: [{ workingGroup: null }, { workingGroup: { $nin: hidden } }] });
    if (status === 'draft' && !isStaff(user)) conditions.push({ $or: await this.reviewableDrafts(user) });
    if (query.forum) conditions.push({ forum: await this.forums.getBySlug(query.forum) });
    if (query.workingGroup) conditions.push({ workingGroup: (await this.groups.loadVisible(user, query.workingGroup)).group });
    if (query.city) conditions.push({ city: await this.cities.getBySlug(query.city) });
    if (query.tag) conditions.push({ tags: { $contains: [query.tag] } });
    if (query.language) conditions.push({ $or: [{ language: query.language }, sqlCondition<Post>(hasTranslationIn(query.language))] });
    if (query.q) conditions.push(sqlCondition<Post>(matchesWords(query.q)));
    // Newest first: published posts by publication, drafts and archived ones by their last change.
    const after = decodeCursor(query.cursor);
    if (after) {
      const at = new Date(String(after[0]));
      conditions.push({ $or: [{ updatedAt: { $lt: at } }, { updatedAt: at, id: { $lt: after[1] } }] });
    }
    const rows = await this.em.find(
      Post,
      { $and: conditions },
      { populate: POPULATE, orderBy: { updatedAt: 'desc', id: 'desc' }, limit: query.limit + 1 },
    );
    return toPage(rows, query.limit, (post) => [post.updatedAt.toISOString(), post.id], toSummary);
  }

  /** Published posts by id, for other contexts (the digest, an exchange's report). */
  async findPublished(ids: string[]): Promise<PostSummaryView[]> {
    if (!ids.length) return [];
    const posts = await this.em.find(Post, { id: { $in: ids }, status: 'published' }, { populate: POPULATE });
    return posts.map(toSummary);
  }

  /**
   * A published post the caller may see, else null: what another context links on the caller's
   * behalf (an exchange's report) must not reveal a private group's post to them.
   */
  async findPublishedFor(user: AuthUser, id: string): Promise<PostSummaryView | null> {
    const access = await this.access(user, id).catch((error: unknown) => {
      if (error instanceof NotFoundException) return null;
      throw error;
    });
    return access?.post.status === 'published' ? toSummary(access.post) : null;
  }

  /** Which drafts a non-staff caller may list: their own, those of groups they lead, those of forums their city chairs. */
  private async reviewableDrafts(user: AuthUser): Promise<FilterQuery<Post>[]> {
    const or: FilterQuery<Post>[] = [{ author: user.id }];
    const led = await this.groups.ledGroupIds(user.id);
    if (led.length) or.push({ workingGroup: { $in: led } });
    if (user.city) {
      const forums = [...(await this.forums.byId()).values()];
      const chaired = await Promise.all(
        forums.map(async (forum) =>
          (await this.mandates.currentHolders('forum-chair', forum.slug)).some((city) => city.slug === user.city) ? forum : null,
        ),
      );
      const ids = chaired.filter((forum) => forum !== null).map((forum) => forum.id);
      if (ids.length) or.push({ forum: { $in: ids } });
    }
    return or;
  }

  /** Loads a post with the caller's rights; 404 when they may not see it (private group, someone else's draft). */
  private async access(user: AuthUser, id: string): Promise<PostAccess> {
    const post = await this.em.findOne(Post, { id }, { populate: POPULATE });
    if (!post) throw new NotFoundException('No such post');
    let membership: Membership | null = null;
    if (post.workingGroup) {
      try {
        ({ membership } = await this.groups.loadVisible(user, post.workingGroup.id));
      } catch (error) {
        if (error instanceof NotFoundException) throw new NotFoundException('No such post');
        throw error;
      }
    }
    const chairs = await this.mandates.currentHolders('forum-chair', post.forum.slug);
    const reviewer = KnowledgePolicy.isReviewer(
      user,
      post,
      membership,
      chairs.map((city) => city.slug),
    );
    if (!KnowledgePolicy.canSee(user, post, reviewer)) throw new NotFoundException('No such post');
    return { post, reviewer, canEdit: KnowledgePolicy.canEdit(user, post, reviewer) };
  }
}

/** The first of the reader's languages the post exists in; the original when none is. */
export function pickVariant(original: string, translations: PostTranslation[], wanted: string[]): PostTranslation | null {
  for (const code of wanted) {
    if (code === original) return null;
    const translation = translations.find((candidate) => candidate.language === code);
    if (translation) return translation;
  }
  return null;
}

function assignFields(post: Post, dto: Partial<CreatePostDto>): void {
  if (dto.title !== undefined) post.title = dto.title.trim();
  if (dto.summary !== undefined) post.summary = dto.summary;
  if (dto.body !== undefined) post.body = dto.body;
  if (dto.tags !== undefined) post.tags = [...new Set(dto.tags)];
  if (dto.problem !== undefined) post.problem = dto.problem;
  if (dto.results !== undefined) post.results = dto.results;
  if (dto.costRange !== undefined) post.costRange = dto.costRange;
  if (dto.periodFrom !== undefined) post.periodFrom = dto.periodFrom;
  if (dto.periodTo !== undefined) post.periodTo = dto.periodTo;
  if (dto.contactName !== undefined) post.contactName = dto.contactName;
  if (dto.contactEmail !== undefined) post.contactEmail = dto.contactEmail.toLowerCase();
  if (dto.links !== undefined) post.links = dto.links.map((link) => ({ title: link.title, url: link.url }));
  if (post.periodFrom && post.periodTo && post.periodTo < post.periodFrom) throw new BadRequestException('periodTo is before periodFrom');
}

function snapshot(post: Post): Record<RevisableField, unknown> {
  return Object.fromEntries(REVISABLE_FIELDS.map((field) => [field, post[field]])) as Record<RevisableField, unknown>;
}

const isoOrNull = (date: Date | null): string | null => (date ? date.toISOString() : null);

function toSummary(post: Post): PostSummaryView {
  return {
    id: post.id,
    forum: toRef(post.forum),
    workingGroup: post.workingGroup ? { id: post.workingGroup.id, name: post.workingGroup.name } : null,
    city: toRef(post.city),
    author: toPerson(post.author),
    status: post.status,
    language: post.language,
    title: post.title,
    summary: post.summary,
    tags: post.tags,
    submittedAt: isoOrNull(post.submittedAt),
    publishedAt: isoOrNull(post.publishedAt),
    updatedAt: post.updatedAt.toISOString(),
  };
}

function toPostView({ post, reviewer, canEdit }: PostAccess, variant: PostTranslation | null, translations: PostTranslation[]): PostView {
  return {
    ...toSummary(post),
    ...(variant ? { title: variant.title, summary: variant.summary } : {}),
    shownLanguage: variant?.language ?? post.language,
    availableLanguages: [post.language, ...translations.map((translation) => translation.language)],
    body: variant?.body ?? post.body,
    html: variant?.html ?? post.html,
    problem: post.problem,
    results: post.results,
    costRange: post.costRange,
    periodFrom: post.periodFrom,
    periodTo: post.periodTo,
    contactName: post.contactName,
    contactEmail: post.contactEmail,
    links: post.links,
    reviewComment: post.reviewComment,
    revision: post.revision,
    archivedAt: isoOrNull(post.archivedAt),
    createdAt: post.createdAt.toISOString(),
    canEdit: canEdit && post.status !== 'archived',
    canReview: reviewer,
  };
}
