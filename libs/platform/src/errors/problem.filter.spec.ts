import { ConnectionException, DriverException } from '@mikro-orm/core';
import { ProblemFilter } from './problem.filter';

const driverError = (message: string, code?: string) => new DriverException(Object.assign(new Error(message), code ? { code } : {}));

describe('ProblemFilter: the database out of reach is a 503, not a 500', () => {
  const filter = new ProblemFilter();
  const statusOf = (exception: unknown) => filter.toProblem(exception).status;

  it.each([
    ['no connection from the pool in time', driverError('Knex: Timeout acquiring a connection. The pool is probably full.')],
    ['connecting timed out', driverError('timeout expired')],
    ['the connection dropped mid-query', driverError('Connection terminated unexpectedly')],
    ['connection refused', driverError('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')],
    ['the server shutting down (SQLSTATE 57P01)', driverError('terminating connection due to administrator command', '57P01')],
    ['a connection exception class (SQLSTATE 08006)', driverError('connection failure', '08006')],
    ['MikroORM ConnectionException', new ConnectionException(new Error('down'))],
  ])('%s -> 503', (_, exception) => {
    expect(statusOf(exception)).toBe(503);
  });

  it('leaves malformed values at 400 and genuine bugs at 500', () => {
    expect(statusOf(driverError('invalid input syntax for type uuid: "x"', '22P02'))).toBe(400);
    expect(statusOf(new TypeError("Cannot read properties of undefined (reading 'id')"))).toBe(500);
    expect(statusOf(driverError('column "nope" does not exist', '42703'))).toBe(500);
  });
});
