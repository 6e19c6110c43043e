import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { ConnectionException, DriverException, NotFoundError, UniqueConstraintViolationException } from '@mikro-orm/core';
import { ThrottlerException } from '@nestjs/throttler';
import type { FastifyReply } from 'fastify';
import { defaultProblemCode, isProblemCode } from '@agora/contract';
import { Problem, problem, PROBLEM_CONTENT_TYPE } from './problem';
import { ValidationFailedException } from './validation';

/** Maps whatever a handler throws to a problem+json response; only genuine bugs become 500s. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger(ProblemFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') return;
    const body = this.toProblem(exception);
    // One line per request during an outage, not a stack: it is not a bug.
    if (isDatabaseUnreachable(exception)) this.logger.warn(`database unreachable: ${(exception as Error).message}`);
    // A 5xx thrown on purpose (/health during an outage) says what is down; only the others are bugs.
    else if (body.status >= 500 && exception instanceof HttpException) this.logger.warn(body.detail);
    else if (body.status >= 500) this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    void reply.status(body.status).header('content-type', PROBLEM_CONTENT_TYPE).send(body);
  }

  toProblem(exception: unknown): Problem {
    if (exception instanceof ValidationFailedException) {
      return problem(HttpStatus.BAD_REQUEST, 'The request body or query is invalid', exception.fieldErrors, 'validation-failed');
    }
    if (exception instanceof ThrottlerException) {
      return problem(HttpStatus.TOO_MANY_REQUESTS, 'Too many requests, slow down and retry later');
    }
    if (exception instanceof HttpException) {
      const response = exception.getResponse();
      if (isProblem(response))
        return { ...response, code: isProblemCode(response.code) ? response.code : defaultProblemCode(response.status) };
      return problem(exception.getStatus(), detailOf(exception), undefined, codeOf(response));
    }
    if (exception instanceof UniqueConstraintViolationException) {
      return problem(HttpStatus.CONFLICT, 'That already exists');
    }
    if (exception instanceof NotFoundError) {
      return problem(HttpStatus.NOT_FOUND, 'Not found');
    }
    if (exception instanceof DriverException && /invalid input syntax|out of range/.test(exception.message)) {
      return problem(HttpStatus.BAD_REQUEST, 'A value in the request is malformed');
    }
    if (isDatabaseUnreachable(exception)) {
      return problem(HttpStatus.SERVICE_UNAVAILABLE, 'The database cannot be reached at the moment, try again shortly');
    }
    const status = statusOfFastifyError(exception);
    if (status) return problem(status, (exception as Error).message);
    return problem(HttpStatus.INTERNAL_SERVER_ERROR, 'Something went wrong on our side');
  }
}

/**
 * Connection classes of SQLSTATE (08xxx; 57P01-57P03: the server shutting down or starting), the
 * socket errors of a lost route, and what knex and pg say when no connection can be had.
 */
const UNREACHABLE_CODES = /^(08...|57P0[1-3]|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|EAI_AGAIN)$/;
const UNREACHABLE_MESSAGES =
  /Timeout acquiring a connection|Connection terminated|Connection ended unexpectedly|^timeout expired$|not queryable/i;

/** The database is down or cut off: a 503 the client may retry, not a bug (500). */
function isDatabaseUnreachable(exception: unknown): boolean {
  if (exception instanceof ConnectionException) return true;
  if (!(exception instanceof Error)) return false;
  const code = (exception as { code?: unknown }).code;
  return (typeof code === 'string' && UNREACHABLE_CODES.test(code)) || UNREACHABLE_MESSAGES.test(exception.message);
}

/** A handler may throw a ready-made problem (with extension members, say), with or without its code. */
function isProblem(response: unknown): response is Omit<Problem, 'code'> & { code?: unknown } {
  return typeof response === 'object' && response !== null && 'type' in response && 'title' in response && 'status' in response;
}

/** `new ConflictException({ message, code: 'no-places-left' })` names its own code (once the contract lists it). */
function codeOf(response: string | object) {
  const code = typeof response === 'object' ? (response as { code?: unknown }).code : undefined;
  return isProblemCode(code) ? code : undefined;
}

function detailOf(exception: HttpException): string {
  const response = exception.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (Array.isArray(message)) return message.join('; ');
  return typeof message === 'string' ? message : exception.message;
}

/** Fastify's own errors (bad JSON, body too large, wrong content type) carry a 4xx statusCode. */
function statusOfFastifyError(exception: unknown): number | undefined {
  const status = (exception as { statusCode?: unknown })?.statusCode;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : undefined;
}
