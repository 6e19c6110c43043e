/**
 * Who is signed in. The access token lives in this module's memory only; the refresh token is
 * an httpOnly cookie the script never sees. Presenting a used refresh token revokes the whole
 * session, so a refresh runs once at a time across every tab of the browser (Web Locks) and the
 * tab that ran it hands the new access token to the others (BroadcastChannel).
 */
import { useSyncExternalStore } from 'react';
import type { components } from './schema';

export type User = components['schemas']['UserView'];

export type SessionState = { status: 'signed-in'; user: User } | { status: 'signed-out' };

const LOCK = 'agora-refresh';
const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel('agora-session') : null;

type Broadcast = { type: 'refreshed'; accessToken: string } | { type: 'signed-out' };

let accessToken: string | null = null;
/** Counts tokens received from other tabs, so a tab that waited for the lock can tell it got one. */
let received = 0;
let inflight: Promise<string | null> | null = null;
let state: SessionState = { status: 'signed-out' };
const listeners = new Set<() => void>();

channel?.addEventListener('message', (event: MessageEvent<Broadcast>) => {
  if (event.data.type === 'refreshed') {
    accessToken = event.data.accessToken;
    received += 1;
  } else {
    forget();
  }
});

function publish(next: SessionState): void {
  state = next;
  listeners.forEach((listener) => listener());
}

function forget(): void {
  accessToken = null;
  publish({ status: 'signed-out' });
}

export function getSession(): SessionState {
  return state;
}

export function useSession(): SessionState {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => state,
  );
}

/** Runs `callback` each time the session ends (here or in another tab). */
export function whenSignedOut(callback: () => void): void {
  listeners.add(() => {
    if (state.status === 'signed-out') callback();
  });
}

export function currentAccessToken(): string | null {
  return accessToken;
}

/** Called with the signed-in user after sign-in, invitation acceptance or a profile change. */
export function signedIn(token: string, user: User): void {
  accessToken = token;
  channel?.postMessage({ type: 'refreshed', accessToken: token } satisfies Broadcast);
  publish({ status: 'signed-in', user });
}

export function userChanged(user: User): void {
  if (state.status === 'signed-in') publish({ status: 'signed-in', user });
}

/** A new access token from the cookie, or null when the session is over. One at a time per tab and across tabs. */
export function refreshAccessToken(): Promise<string | null> {
  inflight ??= refreshOnce().finally(() => {
    inflight = null;
  });
  return inflight;
}

async function refreshOnce(): Promise<string | null> {
  const before = received;
  return runExclusively(async () => {
    if (received !== before && accessToken) return accessToken; // another tab refreshed while this one waited
    const response = await fetch('/api/auth/refresh', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
      credentials: 'same-origin',
    });
    if (!response.ok) {
      accessToken = null;
      return null;
    }
    const pair = (await response.json()) as { accessToken: string };
    accessToken = pair.accessToken;
    channel?.postMessage({ type: 'refreshed', accessToken: pair.accessToken } satisfies Broadcast);
    return accessToken;
  });
}

function runExclusively<T>(work: () => Promise<T>): Promise<T> {
  if (typeof navigator !== 'undefined' && navigator.locks) return navigator.locks.request(LOCK, work) as Promise<T>;
  return work();
}

/** Ends the session here and in the other tabs; the server revokes the refresh token and clears its cookie. */
export function signedOut(): void {
  forget();
  channel?.postMessage({ type: 'signed-out' } satisfies Broadcast);
}
