import { ApiClient, SEEDED } from './api-client';
import { addMember, newGroup, newUser } from './factories';

/** The callers of every authorization matrix, in column order. */
export const ROLES = ['anonymous', 'member', 'outsider', 'lead', 'secretariat', 'admin'] as const;
export type Role = (typeof ROLES)[number];
/** A token per role; anonymous has none. */
export type RoleTokens = { [R in Role]: R extends 'anonymous' ? undefined : string };

/**
 * Signs in one caller per role around a private working group "Night Buses" in Mobility: its lead
 * (a Malmö officer, invited for the purpose), a member (Bologna), an outsider (Leipzig), the
 * secretariat and an admin. Returns their tokens (anonymous has none) and the group's id.
 */
export async function setUpRoles(api: ApiClient): Promise<{ tokens: RoleTokens; groupId: string }> {
  const admin = await api.tokenFor(SEEDED.admin);
  const lead = await newUser(api, admin, { city: 'malmo', email: 'lead@malmo.example', name: 'Lena Lead' });
  const tokens: RoleTokens = {
    anonymous: undefined,
    member: await api.tokenFor(SEEDED.bologna),
    outsider: await api.tokenFor(SEEDED.leipzig),
    lead: lead.token,
    secretariat: await api.tokenFor(SEEDED.secretariat),
    admin,
  };
  const groupId = await newGroup(api, tokens.secretariat, { name: 'Night Buses', visibility: 'private', leadEmail: lead.email });
  await addMember(api, groupId, tokens.member, tokens.lead);
  return { tokens, groupId };
}
