import { ApiClient, ApiResponse, SEEDED } from './api-client';

/**
 * Test data made through the public API, the way a user would make it: a test states what it
 * needs (`await newGroup(api, staff, { visibility: 'private' })`) instead of the requests that
 * make it. Each builder fails loudly when the API refuses, so a broken set-up is never mistaken
 * for the behaviour under test. Names and e-mails default to fresh values.
 */

export const TEST_PASSWORD = 'a-long-passphrase';

let fresh = 0;
const next = () => ++fresh;

/** The body of a 2xx response; anything else throws with the request and the problem. */
function ok<T = any>(response: ApiResponse<T>, what: string): T {
  if (response.status < 200 || response.status > 299) {
    throw new Error(`${what} failed: ${response.status} ${JSON.stringify(response.body)}`);
  }
  return response.body;
}

/** A member city created by the staff, with no mandates or twinnings yet; returns its slug. */
export async function newCity(api: ApiClient, staffToken: string, options: { name?: string; country?: string } = {}): Promise<string> {
  const n = next();
  const slug = `city-${n}-${process.pid}`;
  const body = { slug, name: options.name ?? `Test City ${n}`, country: options.country ?? 'FR' };
  ok(await api.post('/api/cities', body, staffToken), `creating ${slug}`);
  return slug;
}

export interface NewUser {
  id: string;
  email: string;
  name: string;
  token: string;
}

/** A user invited by the staff (`staffToken`) who accepted, signed in: an officer of `city` by default. */
export async function newUser(
  api: ApiClient,
  staffToken: string,
  options: { city?: string; email?: string; name?: string; role?: 'member' | 'secretariat' | 'admin' } = {},
): Promise<NewUser> {
  const n = next();
  const role = options.role ?? 'member';
  const city = options.city ?? (role === 'member' ? 'oslo' : undefined);
  const email = options.email ?? `user${n}-${process.pid}@${city ?? 'agora'}.example`;
  const name = options.name ?? `Test User ${n}`;
  const invited = ok(await api.post('/api/invitations', { email, citySlug: city, role }, staffToken), `inviting ${email}`);
  const token = (invited.link as string).split('/').pop();
  const session = ok(await api.post(`/api/invitations/${token}/accept`, { name, password: TEST_PASSWORD }), `accepting ${email}`);
  return { id: session.user.id, email: email.toLowerCase(), name, token: session.accessToken };
}

/** A working group created by the staff in `forum` (mobility by default), public unless asked; returns its id. */
export async function newGroup(
  api: ApiClient,
  staffToken: string,
  options: { forum?: string; name?: string; description?: string; visibility?: 'public' | 'private'; leadEmail?: string } = {},
): Promise<string> {
  const { forum = 'mobility', name = `Group ${next()}`, description = '', visibility = 'public', leadEmail } = options;
  const body = { name, description, visibility, ...(leadEmail ? { leadEmail } : {}) };
  return ok(await api.post(`/api/forums/${forum}/working-groups`, body, staffToken), `creating group ${name}`).id;
}

/** Makes the caller of `memberToken` an active member: joins, and when the group is private the lead or staff (`approverToken`) approves. */
export async function addMember(api: ApiClient, groupId: string, memberToken: string, approverToken: string): Promise<void> {
  const joined = await api.post(`/api/working-groups/${groupId}/join`, undefined, memberToken);
  const request = ok(joined, `joining group ${groupId}`);
  if (joined.status !== 202) return;
  ok(
    await api.post(`/api/working-groups/${groupId}/join-requests/${request.id}/approve`, undefined, approverToken),
    'approving the request',
  );
}

/** A thread started by the caller of `token` in a forum or a working group; returns its id. */
export async function newThread(
  api: ApiClient,
  token: string,
  where: { forum: string } | { group: string },
  options: { title?: string; body?: string } = {},
): Promise<string> {
  const { title = `Thread ${next()}`, body = 'The first message.' } = options;
  const path = 'forum' in where ? `/api/forums/${where.forum}/threads` : `/api/working-groups/${where.group}/threads`;
  return ok(await api.post(path, { title, body }, token), `starting thread ${title}`).id;
}

/** A message posted by the caller of `token` in a thread; returns its id. */
export async function newMessage(api: ApiClient, token: string, threadId: string, body = `Message ${next()}`): Promise<string> {
  return ok(await api.post(`/api/threads/${threadId}/messages`, { body, clientMsgId: `factory-${next()}` }, token), 'posting').id;
}

/** An exchange offer's body that the API accepts as it is: two weeks in March 2099, applications until January. */
export const exchangeOffer = (overrides: Record<string, unknown> = {}) => ({
  topic: `Offer ${next()}`,
  department: 'Mobility',
  forum: 'mobility',
  languages: ['de', 'en'],
  places: 1,
  startDate: '2099-03-01',
  endDate: '2099-03-14',
  applicationDeadline: '2099-01-31',
  description: 'Two weeks with the operator.',
  ...overrides,
});

/** An exchange offered by the caller's city (the staff name one with `hostCity`); returns its id. */
export async function newExchange(api: ApiClient, token: string, overrides: Record<string, unknown> = {}): Promise<string> {
  return ok(await api.post('/api/exchanges', exchangeOffer(overrides), token), 'offering an exchange').id;
}

/** The seeded admin, secretariat and the officers of Bologna and Leipzig, signed in. */
export async function seededTokens(api: ApiClient): Promise<{ admin: string; secretariat: string; bologna: string; leipzig: string }> {
  return {
    admin: await api.tokenFor(SEEDED.admin),
    secretariat: await api.tokenFor(SEEDED.secretariat),
    bologna: await api.tokenFor(SEEDED.bologna),
    leipzig: await api.tokenFor(SEEDED.leipzig),
  };
}
