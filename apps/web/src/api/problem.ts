import type { Problem, ProblemCode } from '@agora/contract';

/** The problem+json body of a failed call, or a stand-in when the network itself failed. */
export function asProblem(error: unknown): Problem {
  if (error && typeof error === 'object' && 'status' in error && 'code' in error) return error as Problem;
  return { type: 'about:blank', title: 'Network error', status: 0, detail: String(error), code: 'unavailable' };
}

/** The message id that says each code in the user's language (a literal per code, so the i18n check sees them). */
export const PROBLEM_MESSAGES: Record<ProblemCode, string> = {
  'validation-failed': 'problem.validation-failed',
  unauthorized: 'problem.unauthorized',
  forbidden: 'problem.forbidden',
  'not-found': 'problem.not-found',
  'method-not-allowed': 'problem.bad-request',
  conflict: 'problem.conflict',
  'payload-too-large': 'problem.payload-too-large',
  'unsupported-media-type': 'problem.bad-request',
  'rate-limited': 'problem.rate-limited',
  'internal-error': 'problem.internal-error',
  unavailable: 'problem.unavailable',
  'bad-request': 'problem.bad-request',
};

/**
 * A query's error as a value to inspect. The OpenAPI document declares no error bodies, so the
 * generated types say an error "cannot" happen; read it through here, never through narrowing.
 */
export function queryError(query: { error: unknown }): unknown {
  return query.error;
}

export function isNotFound(error: unknown): boolean {
  return (error as { status?: unknown } | null)?.status === 404;
}
