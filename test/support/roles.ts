import { ApiClient, SEEDED } from './api-client';

/** The callers of every authorization matrix, in column order. */
export const ROLES = ['anonymous', 'member', 'outsider', 'lead', 'secretariat', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/**
 * Signs in one caller per role around a private working group "Night Buses" in Mobility: its lead
 * (a Malmö officer, invited for the purpose), a member (Bologna), an outsider (Leipzig), the
 * secretariat and an admin. Returns their tokens (anonymous has none) and the group's id.
 */
export async function setUpRoles(api: ApiClient): Promise<{ tokens: Partial<Record<Role, string>>; groupId: string }> {
  const tokens: Partial<Record<Role, string>> = {
    admin: await api.tokenFor(SEEDED.admin),
    secretariat: await api.tokenFor(SEEDED.secretariat),
    member: await api.tokenFor(SEEDED.bologna),
    outsider: await api.tokenFor(SEEDED.leipzig),
  };
  const link = (await api.post('/api/invitations', { email: 'lead@malmo.example', citySlug: 'malmo', role: 'member' }, tokens.admin)).body
    .link as string;
  tokens.lead = (await api.post(`/api/invitations/${link.split('/').pop()}/accept`, { name: 'Lena Lead', password: 'a-long-passphrase' }))
    .body.accessToken as string;
  const groupId = (
    await api.post(
      '/api/forums/mobility/working-groups',
      { name: 'Night Buses', description: '', visibility: 'private', leadEmail: 'lead@malmo.example' },
      tokens.secretariat,
    )
  ).body.id as string;
  const request = (await api.post(`/api/working-groups/${groupId}/join`, undefined, tokens.member)).body;
  await api.post(`/api/working-groups/${groupId}/join-requests/${request.id}/approve`, undefined, tokens.lead);
  return { tokens, groupId };
}
