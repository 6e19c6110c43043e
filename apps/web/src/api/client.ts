import createFetchClient from 'openapi-fetch';
import createQueryClient from 'openapi-react-query';
import { QueryClient } from '@tanstack/react-query';
import type { paths } from './schema';
import { currentAccessToken, refreshAccessToken } from './session';

let onSessionLost: () => void = () => undefined;

/** The router tells what to do when a refresh fails: go to sign-in, remembering the page. */
export function whenSessionLost(handler: () => void): void {
  onSessionLost = handler;
}

function withBearer(request: Request, token: string | null): Request {
  if (token) request.headers.set('authorization', `Bearer ${token}`);
  return request;
}

/** A 401 triggers one refresh and one retry; a failed refresh ends the session. */
export async function authFetch(request: Request): Promise<Response> {
  const retry = request.clone();
  const response = await fetch(withBearer(request, currentAccessToken()));
  if (response.status !== 401 || new URL(request.url).pathname.startsWith('/api/auth/')) return response;
  const token = await refreshAccessToken();
  if (!token) {
    onSessionLost();
    return response;
  }
  return fetch(withBearer(retry, token));
}

export const api = createFetchClient<paths>({ baseUrl: globalThis.location?.origin ?? 'http://localhost', fetch: authFetch });
export const $api = createQueryClient(api);

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      // A 4xx will not change on retry; a network blip or a 503 may.
      retry: (failures, error) => failures < 2 && !isClientError(error),
    },
  },
});

function isClientError(error: unknown): boolean {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' && status >= 400 && status < 500;
}
