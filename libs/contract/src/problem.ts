/** One invalid field of a 400 problem. */
export interface FieldError {
  field: string;
  message: string;
}

/**
 * The machine-readable reason of a problem. A client translates the code, not the English
 * `detail`; the default of each status comes first, specific codes after.
 */
export const PROBLEM_CODES = [
  'validation-failed',
  'unauthorized',
  'forbidden',
  'not-found',
  'method-not-allowed',
  'conflict',
  'payload-too-large',
  'unsupported-media-type',
  'rate-limited',
  'internal-error',
  'unavailable',
  'bad-request',
] as const;
export type ProblemCode = (typeof PROBLEM_CODES)[number];

/** The code a problem gets when whoever raised it named none. */
export const DEFAULT_PROBLEM_CODE: Readonly<Record<number, ProblemCode>> = {
  400: 'bad-request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not-found',
  405: 'method-not-allowed',
  409: 'conflict',
  413: 'payload-too-large',
  415: 'unsupported-media-type',
  429: 'rate-limited',
  500: 'internal-error',
  503: 'unavailable',
};

export function isProblemCode(value: unknown): value is ProblemCode {
  return typeof value === 'string' && (PROBLEM_CODES as readonly string[]).includes(value);
}

export function defaultProblemCode(status: number): ProblemCode {
  return DEFAULT_PROBLEM_CODE[status] ?? (status >= 500 ? 'internal-error' : 'bad-request');
}

/** RFC 9457 problem details, the body of every error response of the API. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ProblemCode;
  errors?: FieldError[];
}
