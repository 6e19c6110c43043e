import { closeLiveSocket } from '../live/socket';
import { api } from './client';
import { signedIn, signedOut, refreshAccessToken } from './session';
import type { Problem } from '@agora/contract';

export type AuthResult = { ok: true } | { ok: false; problem: Problem };

/** Signs in; the server also sets the refresh-token cookie. */
export async function signIn(email: string, password: string): Promise<AuthResult> {
  const { data, error } = await api.POST('/api/auth/login', { body: { email, password } });
  if (!data) return { ok: false, problem: error as unknown as Problem };
  signedIn(data.accessToken, data.user);
  return { ok: true };
}

export async function acceptInvitation(token: string, name: string, password: string): Promise<AuthResult> {
  const { data, error } = await api.POST('/api/invitations/{token}/accept', { params: { path: { token } }, body: { name, password } });
  if (!data) return { ok: false, problem: error as unknown as Problem };
  signedIn(data.accessToken, data.user);
  return { ok: true };
}

/** On load: the cookie may still hold a session from an earlier visit. */
export async function restoreSession(): Promise<void> {
  const token = await refreshAccessToken();
  if (!token) return;
  const { data } = await api.GET('/api/me');
  if (data) signedIn(token, data);
}

/** Revokes the session on the server (which clears the cookie), then here and in the other tabs. */
export async function signOut(): Promise<void> {
  try {
    await api.POST('/api/auth/logout');
  } finally {
    closeLiveSocket();
    signedOut();
  }
}
