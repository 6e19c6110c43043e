import { HttpStatus } from '@nestjs/common';
import { defaultProblemCode, type FieldError, type Problem, type ProblemCode } from '@agora/contract';

export type { FieldError, Problem, ProblemCode };

const TITLES: Record<number, string> = {
  [HttpStatus.BAD_REQUEST]: 'Bad Request',
  [HttpStatus.UNAUTHORIZED]: 'Unauthorized',
  [HttpStatus.FORBIDDEN]: 'Forbidden',
  [HttpStatus.NOT_FOUND]: 'Not Found',
  [HttpStatus.METHOD_NOT_ALLOWED]: 'Method Not Allowed',
  [HttpStatus.REQUEST_TIMEOUT]: 'Request Timeout',
  [HttpStatus.CONFLICT]: 'Conflict',
  [HttpStatus.PAYLOAD_TOO_LARGE]: 'Payload Too Large',
  [HttpStatus.URI_TOO_LONG]: 'URI Too Long',
  [HttpStatus.UNSUPPORTED_MEDIA_TYPE]: 'Unsupported Media Type',
  [431]: 'Request Header Fields Too Large',
  [HttpStatus.TOO_MANY_REQUESTS]: 'Too Many Requests',
  [HttpStatus.INTERNAL_SERVER_ERROR]: 'Internal Server Error',
  [HttpStatus.SERVICE_UNAVAILABLE]: 'Service Unavailable',
};

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** A problem body; `code` (what a client translates) defaults to the status's own. */
export function problem(status: number, detail: string, errors?: FieldError[], code: ProblemCode = defaultProblemCode(status)): Problem {
  const title = TITLES[status] ?? 'Error';
  return {
    type: `https://agora.example/problems/${title.toLowerCase().replace(/\s+/g, '-')}`,
    title,
    status,
    detail,
    code,
    ...(errors ? { errors } : {}),
  };
}
