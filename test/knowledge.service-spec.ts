import { NotFoundException } from '@nestjs/common';
import { AuthUser } from '@agora/platform';
import { CitiesService, MandatesService } from '@agora/network';
import { KnowledgeModule, PostsService } from '@agora/knowledge';
import { ServiceWorld } from './support/service-world';

/**
 * Who reviews a best practice depends on data no request carries: the forum's chair city this
 * year, from the network's mandates. The posts service on a real database, without HTTP.
 */
describe('knowledge services: reviewers from the mandates of the year', () => {
  const year = new Date().getUTCFullYear();
  let world: ServiceWorld;
  let author: AuthUser;
  let chair: AuthUser;
  let formerChair: AuthUser;
  let other: AuthUser;
  let staff: AuthUser;
  let ghentChair: string;

  const posts = () => world.get(PostsService);
  let drafted = 0;
  const draft = (forum = 'culture') =>
    world.run(() =>
      posts().create(author, {
        forum,
        title: `Night libraries ${++drafted}`,
        summary: 'Reading rooms open until midnight',
        body: 'How it went',
        language: 'en',
      }),
    );
  /** What the caller gets of the post: hidden (404), or seen with the review rights the view reports. */
  const seenBy = async (user: AuthUser, id: string) => {
    try {
      const view = await world.run(() => posts().view(user, id));
      return { canReview: view.canReview, canEdit: view.canEdit };
    } catch (error) {
      if (error instanceof NotFoundException) return 'hidden';
      throw error;
    }
  };
  const draftIds = async (user: AuthUser) =>
    (await world.run(() => posts().list(user, { status: 'draft', limit: 100 }))).items.map((post) => post.id);

  beforeAll(async () => {
    world = await ServiceWorld.create(KnowledgeModule);
    staff = await world.seeded('secretariat@agora.test');
    // Bologna chaired the Culture Forum in 2013-2014 (seeded history); Ghent chairs it now.
    formerChair = await world.seeded('officer.bologna@agora.test');
    chair = await world.newUser({ city: 'ghent' });
    author = await world.newUser({ city: 'porto' });
    other = await world.newUser({ city: 'riga' });
    const ghent = await world.run(() => world.get(CitiesService).getBySlug('ghent'));
    ghentChair = (await world.run(() => world.get(MandatesService).add(ghent, { role: 'forum-chair', scope: 'culture', from: year - 1 })))
      .id;
  }, 120_000);
  afterAll(() => world?.close());

  it("lets this year's chair city and the staff review a forum's draft; a former chair and others do not see it", async () => {
    const { id } = await draft();
    expect({
      author: await seenBy(author, id),
      chair: await seenBy(chair, id),
      formerChair: await seenBy(formerChair, id),
      other: await seenBy(other, id),
      staff: await seenBy(staff, id),
    }).toEqual({
      author: { canReview: false, canEdit: true },
      chair: { canReview: true, canEdit: true },
      formerChair: 'hidden',
      other: 'hidden',
      staff: { canReview: true, canEdit: true },
    });
    expect((await world.run(() => posts().publish(chair, id))).status).toBe('published');
    expect(await seenBy(other, id)).toEqual({ canReview: false, canEdit: false });
  });

  it("lists a forum's drafts to its chair city, not to another forum's chair", async () => {
    const culture = await draft('culture');
    const mobility = await draft('mobility');
    expect(await draftIds(chair)).toEqual(expect.arrayContaining([culture.id]));
    expect(await draftIds(chair)).not.toContain(mobility.id);
    expect(await draftIds(formerChair)).toEqual([]);
    expect(await draftIds(author)).toEqual(expect.arrayContaining([culture.id, mobility.id]));
  });

  it('takes the review away when the mandate ends', async () => {
    const { id } = await draft();
    await world.run(() => world.get(MandatesService).end(ghentChair, { to: year - 1 }));
    expect(await seenBy(chair, id)).toBe('hidden');
    expect(await draftIds(chair)).toEqual([]);
  });
});
