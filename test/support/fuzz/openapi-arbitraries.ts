import fc from 'fast-check';
import { encodeValue, HOSTILE_PATH_SEGMENTS, HOSTILE_RAW_BODIES, hostileNumber, hostileString, ONE_MEGABYTE, wrongType } from './hostile';

/** The part of an OpenAPI 3 schema the fuzzer reads. */
export interface Schema {
  $ref?: string;
  type?: string;
  enum?: unknown[];
  example?: unknown;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxItems?: number;
  nullable?: boolean;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
}

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  schema?: Schema;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, { parameters?: Parameter[]; requestBody?: { content: Record<string, { schema: Schema }> } }>>;
  components: { schemas: Record<string, Schema> };
}

export interface Operation {
  method: string;
  /** The documented path, `{name}` for parameters. */
  path: string;
  parameters: Parameter[];
  body?: Schema;
}

/** A request as it goes on the wire; `op` names the operation it was generated for. */
export interface FuzzRequest {
  op: string;
  method: string;
  url: string;
  body?: string;
  contentType?: string;
}

/**
 * Real values the fuzzer mixes into ids and slugs so that some requests get past the 404 and
 * reach the deeper code: by parameter name, and for `id` by the collection it follows.
 */
export type ValuePool = Record<string, readonly string[]>;

export function operationsOf(document: OpenApiDocument): Operation[] {
  return Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({
      method: method.toUpperCase(),
      path,
      parameters: operation.parameters ?? [],
      body: operation.requestBody?.content['application/json']?.schema,
    })),
  );
}

export const operationName = (operation: Pick<Operation, 'method' | 'path'>) => `${operation.method} ${operation.path}`;

/** Builds the arbitrary of whole requests for one operation. */
export function requestArbitrary(document: OpenApiDocument, operation: Operation, pool: ValuePool): fc.Arbitrary<FuzzRequest> {
  const pathParameters = operation.parameters.filter((parameter) => parameter.in === 'path');
  const queryParameters = operation.parameters.filter((parameter) => parameter.in === 'query');
  const segments = fc.tuple(...pathParameters.map((parameter) => pathSegment(operation.path, parameter, pool)));
  const query = fc.tuple(...queryParameters.map((parameter) => queryPair(document, parameter, pool)));
  const body = operation.body ? bodyText(document, operation.body, pool) : fc.option(fc.constantFrom(...HOSTILE_RAW_BODIES), { freq: 5 });
  const contentType = fc.oneof(
    { weight: 12, arbitrary: fc.constant('application/json') },
    { weight: 1, arbitrary: fc.constantFrom('text/plain', 'application/json; charset=utf-16', 'application/x-www-form-urlencoded') },
  );
  return fc.record({ segments, query, body, contentType, extraQuery: fc.option(hostileQueryPair, { freq: 6 }) }).map((parts) => {
    let path = operation.path;
    pathParameters.forEach((parameter, i) => (path = path.replace(`{${parameter.name}}`, parts.segments[i])));
    const pairs = [...parts.query, parts.extraQuery].filter((pair): pair is string => typeof pair === 'string');
    // fetch cannot send a body with GET; a body there would be ignored by the server anyway.
    const body = operation.method === 'GET' ? undefined : (parts.body ?? undefined);
    return {
      op: operationName(operation),
      method: operation.method,
      url: pairs.length ? `${path}?${pairs.join('&')}` : path,
      body,
      contentType: body === undefined ? undefined : parts.contentType,
    };
  });
}

function pathSegment(path: string, parameter: Parameter, pool: ValuePool): fc.Arbitrary<string> {
  const real = poolFor(path, parameter.name, pool);
  return fc.oneof(
    { weight: 5, arbitrary: real.length ? fc.constantFrom(...real).map(encodeValue) : fc.uuid() },
    { weight: 2, arbitrary: fc.uuid() },
    { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_PATH_SEGMENTS) },
    {
      weight: 2,
      arbitrary: fc
        .oneof(
          hostileString.filter((value) => value.length < 200),
          fc.string({ unit: 'binary' }),
        )
        .map(encodeValue),
    },
  );
}

/** `id` after `/threads/` takes a thread id, `userId` a user id, `slug` a forum or city slug. */
function poolFor(path: string, name: string, pool: ValuePool): readonly string[] {
  if (name !== 'id') return pool[name] ?? [];
  const collection = /\/([\w-]+)\/\{id\}/.exec(path)?.[1] ?? '';
  return pool[collection] ?? [];
}

const hostileQueryPair = fc.oneof(
  fc.constantFrom('__proto__[admin]=1', 'constructor[prototype][x]=1', 'limit=1&limit=2', 'cursor=%00', 'a=%ED%A0%80', '%=%', 'x=%zz'),
  fc.tuple(fc.string(), fc.oneof(hostileString, fc.string())).map(([key, value]) => `${encodeValue(key)}=${encodeValue(value)}`),
);

function queryPair(document: OpenApiDocument, parameter: Parameter, pool: ValuePool): fc.Arbitrary<string | null> {
  const value = valueOf(document, parameter.schema ?? { type: 'string' }, parameter.name, pool, 0).filter(
    (candidate) => candidate !== undefined && (typeof candidate !== 'string' || candidate.length < 6_000),
  );
  const pair = value.map((candidate) => {
    const text = typeof candidate === 'string' ? candidate : JSON.stringify(candidate);
    return `${encodeValue(parameter.name)}=${encodeValue(text)}`;
  });
  return fc.option(pair, { freq: 3 });
}

function bodyText(document: OpenApiDocument, schema: Schema, pool: ValuePool): fc.Arbitrary<string> {
  const generated = valueOf(document, schema, '(body)', pool, 0);
  return fc.oneof(
    { weight: 12, arbitrary: fc.tuple(generated, mutation).map(([value, mutate]) => mutate(value)) },
    { weight: 2, arbitrary: fc.constantFrom(...HOSTILE_RAW_BODIES) },
    { weight: 1, arbitrary: wrongType.map((value) => JSON.stringify(value)) },
  );
}

/** How a generated body is spoiled before it goes out (or not: the first is the identity). */
const mutation: fc.Arbitrary<(value: unknown) => string> = fc.oneof(
  { weight: 6, arbitrary: fc.constant((value: unknown) => JSON.stringify(value)) },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom('unknownField', 'isAdmin', 'id', 'authorId')
      .map((key) => (value: unknown) => stringifyWith(value, key, true)),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom('__proto__', 'constructor').map((key) => (value: unknown) => stringifyWith(value, key, { x: 1 })),
  },
  { weight: 1, arbitrary: fc.constant((value: unknown) => stringifyWith(value, 'padding', ONE_MEGABYTE)) },
  { weight: 1, arbitrary: fc.constant((value: unknown) => JSON.stringify(nest(value, 5_000))) },
);

function stringifyWith(value: unknown, key: string, extra: unknown): string {
  const object = typeof value === 'object' && value !== null && !Array.isArray(value) ? { ...value } : { value };
  // defineProperty, so that `__proto__` becomes an own key that JSON.stringify writes out.
  Object.defineProperty(object, key, { value: extra, enumerable: true, configurable: true, writable: true });
  return JSON.stringify(object);
}

function nest(value: unknown, depth: number): unknown {
  let nested = value;
  for (let i = 0; i < depth; i++) nested = [nested];
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? { ...value, deep: nested } : nested;
}

function resolve(document: OpenApiDocument, schema: Schema): Schema {
  return schema.$ref ? (document.components.schemas[schema.$ref.split('/').pop() ?? ''] ?? {}) : schema;
}

/** A value for a schema: mostly plausible, sometimes hostile, sometimes of the wrong type. */
function valueOf(document: OpenApiDocument, raw: Schema, name: string, pool: ValuePool, depth: number): fc.Arbitrary<unknown> {
  const schema = resolve(document, raw);
  const spoiled = fc.oneof(hostileString, hostileNumber, wrongType);
  return fc.oneof({ weight: 5, arbitrary: plausible(document, schema, name, pool, depth) }, { weight: 2, arbitrary: spoiled });
}

function plausible(document: OpenApiDocument, schema: Schema, name: string, pool: ValuePool, depth: number): fc.Arbitrary<unknown> {
  if (schema.enum) return fc.constantFrom(...schema.enum);
  switch (schema.type) {
    case 'number':
    case 'integer':
      return numberFor(schema);
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(depth > 3 ? fc.string() : valueOf(document, schema.items ?? {}, name, pool, depth + 1), {
        maxLength: (schema.maxItems ?? 5) + 2,
      });
    case 'object':
      return objectFor(document, schema, pool, depth);
    case 'string':
    case undefined:
    default:
      return stringFor(schema, name, pool);
  }
}

function numberFor(schema: Schema): fc.Arbitrary<number> {
  const min = schema.minimum ?? -1_000;
  const max = schema.maximum ?? 1_000_000;
  return fc.oneof(
    fc.integer({ min, max }),
    fc.constantFrom(min - 1, max + 1, min, max),
    fc.double({ noNaN: true }).filter((value) => Number.isFinite(value)),
    fc.integer(),
  );
}

function objectFor(document: OpenApiDocument, schema: Schema, pool: ValuePool, depth: number): fc.Arbitrary<unknown> {
  const properties = Object.fromEntries(
    Object.entries(schema.properties ?? {}).map(([key, property]) => [key, valueOf(document, property, key, pool, depth + 1)]),
  );
  const required = schema.required ?? [];
  return fc.oneof(
    { weight: 4, arbitrary: fc.record(properties, { requiredKeys: required }) },
    { weight: 1, arbitrary: fc.record(properties, { requiredKeys: [] }) },
  );
}

/** Strings shaped like what the field expects (by its example or name), so validation passes now and then. */
function stringFor(schema: Schema, name: string, pool: ValuePool): fc.Arbitrary<string> {
  const shaped: fc.Arbitrary<string>[] = [fc.string(), fc.string({ unit: 'grapheme', maxLength: 40 })];
  if (typeof schema.example === 'string') shaped.push(fc.constant(schema.example));
  if (pool[name]?.length) shaped.push(fc.constantFrom(...pool[name]));
  if (/email/i.test(name)) shaped.push(fc.emailAddress());
  if (/url/i.test(name)) shaped.push(fc.webUrl());
  if (/id$/i.test(name) || name === 'scope' || name === 'workingGroup') shaped.push(fc.uuid(), fc.constantFrom(...(pool.ids ?? ['x'])));
  if (/date|deadline|at$|^from$|^to$/i.test(name)) shaped.push(dateString);
  if (/^period/.test(name)) shaped.push(fc.tuple(fc.integer({ min: -1, max: 99_999 }), fc.integer({ min: 0, max: 13 })).map(periodOf));
  if (/time ?zone/i.test(name)) shaped.push(fc.constantFrom('Europe/Rome', 'UTC', 'Mars/Olympus', 'Etc/GMT+14', '../../etc/passwd'));
  if (/^(forum|city|hostCity|citySlug|slug)$/.test(name)) shaped.push(fc.constantFrom('mobility', 'culture', 'bologna', 'riga', 'nowhere'));
  if (/^(language|languages)$/.test(name)) shaped.push(fc.constantFrom('en', 'it', 'de', 'xx', 'EN', 'en-GB'));
  if (schema.minLength) shaped.push(fc.string({ minLength: schema.minLength, maxLength: schema.minLength + 20 }));
  return fc.oneof(...shaped);
}

const periodOf = ([year, month]: [number, number]) => `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;

const dateString = fc.oneof(
  fc
    .date({ min: new Date(-8_640_000_000_000_000), max: new Date(8_640_000_000_000_000), noInvalidDate: true })
    .map((date) => date.toISOString()),
  fc.date({ min: new Date('2020-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((date) => date.toISOString().slice(0, 10)),
  fc.constantFrom(
    '2027-02-29',
    '2027-13-01',
    '10000-01-01',
    '0000-01-01',
    '2027-01-01T25:00:00Z',
    'yesterday',
    '2027-03-01T09:00:00+99:00',
  ),
);

const NO_DOCUMENT: OpenApiDocument = { paths: {}, components: { schemas: {} } };

/**
 * A socket event's payload: generated from its schema like a body, or spoiled the same ways,
 * or replaced by something no JSON body can be (binary).
 */
export function payloadArbitrary(schema: Schema, pool: ValuePool): fc.Arbitrary<unknown> {
  const generated = valueOf(NO_DOCUMENT, schema, '(payload)', pool, 0);
  return fc.oneof(
    { weight: 12, arbitrary: fc.tuple(generated, mutation).map(([value, mutate]) => JSON.parse(mutate(value)) as unknown) },
    { weight: 1, arbitrary: wrongType },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes)) },
  );
}
