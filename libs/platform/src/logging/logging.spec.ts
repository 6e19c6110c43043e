import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { Logger } from 'nestjs-pino';
import { httpLogger, RequestPinoLogger, requestLogging } from './logging.module';
import { requestStore, RequestScope } from './request-store';

describe('request logging', () => {
  const lines: Record<string, unknown>[] = [];
  const http = httpLogger('info', { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) });
  // What Nest's Logger writes through once the app calls useLogger.
  const logger = new Logger(new RequestPinoLogger(http.logger), {});
  const middleware = requestLogging(http);

  /** One request through the middleware; `work` runs as the route would, inside it. */
  const request = (id: string, work: () => Promise<void>) =>
    new Promise<void>((resolve, reject) => {
      const req = new IncomingMessage(new Socket());
      Object.assign(req, { id, url: '/api/things', method: 'GET' });
      middleware(req, new ServerResponse(req), () => void work().then(resolve, reject));
    });

  beforeEach(() => lines.splice(0));

  it('tags every line a request logs with its id, across awaits, and opens one store for it', async () => {
    const scopes: (RequestScope | undefined)[] = [];
    await Promise.all(
      ['first', 'second'].map((id) =>
        request(id, async () => {
          scopes.push(requestStore.getStore());
          await new Promise((resolve) => setImmediate(resolve));
          logger.log(`working on ${id}`, 'Probe');
          scopes.push(requestStore.getStore());
        }),
      ),
    );
    expect(lines.map(({ reqId, msg, context }) => ({ reqId, msg, context }))).toEqual([
      { reqId: 'first', msg: 'working on first', context: 'Probe' },
      { reqId: 'second', msg: 'working on second', context: 'Probe' },
    ]);
    // The same scope before and after the await, a different one per request: the ORM's fork hangs off it.
    expect(scopes[0]).toBeInstanceOf(RequestScope);
    expect(new Set(scopes).size).toBe(2);
  });

  it('logs without a request id outside requests', () => {
    logger.warn('no request here', 'Probe');
    expect(lines).toEqual([expect.objectContaining({ msg: 'no request here', context: 'Probe', level: 40 })]);
    expect(lines[0]).not.toHaveProperty('reqId');
  });
});
