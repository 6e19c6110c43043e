import { BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { FieldError } from './problem';
import { unsafeInput } from './unsafe-input';

/** A 400 that carries the list of invalid fields into the problem body. */
export class ValidationFailedException extends BadRequestException {
  constructor(readonly fieldErrors: FieldError[]) {
    super(`${fieldErrors.length} field(s) failed validation`);
  }
}

export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });
}

/** Unknown fields are rejected (not silently dropped) and every message names its field. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: false,
    exceptionFactory: (errors) => new ValidationFailedException(flattenValidationErrors(errors)),
  });
}

/**
 * Validates a payload that did not come through an HTTP pipe (a socket.io event) with the same
 * rules: it must be an object, unknown fields are refused, every message names its field.
 */
export function validatePayload<T extends object>(type: new () => T, raw: unknown): T {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ValidationFailedException([{ field: '(payload)', message: 'the payload must be an object' }]);
  }
  const unsafe = unsafeInput(raw, '(payload)');
  if (unsafe) throw new ValidationFailedException([unsafe]);
  const instance = plainToInstance(type, raw);
  const errors = validateSync(instance, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length) throw new ValidationFailedException(flattenValidationErrors(errors));
  return instance;
}
