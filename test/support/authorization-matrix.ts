import type { ApiClient } from './api-client';
import { LIVE_MATRIX_EVENTS, MATRIX_OPERATIONS, operationOfRow } from './authorization-operations';
import { ROLES, Role, RoleTokens } from './roles';

/** The status each caller of roles.ts gets (a socket event's: its ack's `error.status`, 200 when ok), in ROLES order. */
export type Expected = [anonymous: number, member: number, outsider: number, lead: number, secretariat: number, admin: number];

/**
 * One row of a matrix: the operation (with the case in parentheses when an operation has
 * several rows), a call made as one caller that returns the HTTP status, and the statuses
 * expected. Calls that change state make their own target each time (a fresh draft, a fresh
 * requester), so that one role's call does not decide the next one's.
 */
export type MatrixRow = [name: string, call: (token: string | undefined, role: Role) => Promise<number>, expected: Expected];

/** `call('GET', '/api/me')`: a row's call that sends one request and answers its status; a path may be computed per call. */
export const statusCall =
  (api: () => ApiClient) =>
  (method: string, path: string | (() => Promise<string>), body?: unknown) =>
  async (token: string | undefined): Promise<number> =>
    (await api().request(method, typeof path === 'string' ? path : await path(), { token, body })).status;

/** The HTTP matrices of authorization-operations.ts, and the live gateway's events. */
const MATRICES: Record<keyof typeof MATRIX_OPERATIONS | 'live', readonly string[]> = { ...MATRIX_OPERATIONS, live: LIVE_MATRIX_EVENTS };

/**
 * Declares the tests of one authorization matrix inside a describe(): that its rows cover
 * exactly the operations listed for it in authorization-operations.ts, then one test per row
 * that calls it as each role in turn and compares all six statuses at once, so a failure shows
 * the whole row.
 */
export function checkMatrix(matrix: keyof typeof MATRICES, rows: MatrixRow[], tokens: () => RoleTokens): void {
  it('has rows for exactly the operations listed for it in authorization-operations.ts', () => {
    expect(new Set(rows.map(([name]) => operationOfRow(name)))).toEqual(new Set(MATRICES[matrix]));
  });

  it.each(rows.map((row) => [row[0], row] as const))('%s', async (_name, [, call, expected]) => {
    const actual: Partial<Record<Role, number>> = {};
    for (const role of ROLES) actual[role] = await call(tokens()[role], role);
    expect(actual).toEqual(Object.fromEntries(ROLES.map((role, i) => [role, expected[i]])));
  });
}
