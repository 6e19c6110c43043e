import { applyDecorators, HttpStatus, INestApplication, Type } from '@nestjs/common';
import { PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer, Reflector } from '@nestjs/core';
import { ApiResponse, OpenAPIObject, OperationObject, ResponseObject, SchemaObject, SwaggerModule } from '@nestjs/swagger';
import { THROTTLER_SKIP } from '@nestjs/throttler/dist/throttler.constants';
import { AUTH_THROTTLED, IS_PUBLIC, REQUIRED_ROLES } from '../auth/auth.decorators';
import { PROBLEM_CONTENT_TYPE } from '../errors/problem';

const PROBLEM_SCHEMA = 'Problem';
const problemRef = { $ref: `#/components/schemas/${PROBLEM_SCHEMA}` };

/** What a client is told about each error status; a route's own decorator may say more. */
const PROBLEM_DESCRIPTIONS: Record<number, string> = {
  [HttpStatus.BAD_REQUEST]: 'The request is malformed or a field is invalid (see errors)',
  [HttpStatus.UNAUTHORIZED]: 'No valid credentials: sign in and send the access token',
  [HttpStatus.FORBIDDEN]: 'Signed in, but not allowed to do this',
  [HttpStatus.NOT_FOUND]: 'No such resource, or you may not see it',
  [HttpStatus.CONFLICT]: 'The current state does not allow it (see detail)',
  [HttpStatus.TOO_MANY_REQUESTS]: 'Too many requests: retry later',
};

export type ProblemStatus = 401 | 403 | 404 | 409;

/**
 * The errors a route's own logic can answer with, beyond those the document derives for every
 * route (400 for input, 401 when signed in, 403 for @Roles, 404 for a path parameter, 429).
 */
export const ApiProblems = (...statuses: ProblemStatus[]) =>
  applyDecorators(...statuses.map((status) => ApiResponse({ status, description: PROBLEM_DESCRIPTIONS[status] })));

/** RFC 9457 problem details, as ProblemFilter writes them. */
const PROBLEM_SCHEMAS: Record<string, SchemaObject> = {
  [PROBLEM_SCHEMA]: {
    type: 'object',
    required: ['type', 'title', 'status', 'detail', 'code'],
    properties: {
      type: { type: 'string', format: 'uri', example: 'https://agora.example/problems/conflict' },
      title: { type: 'string', example: 'Conflict' },
      status: { type: 'integer', example: 409 },
      detail: { type: 'string', description: 'What went wrong, for a person', example: 'The event is full' },
      code: { type: 'string', description: 'What went wrong, for a program', example: 'conflict' },
      errors: { type: 'array', description: 'The invalid fields (400 only)', items: { $ref: '#/components/schemas/FieldError' } },
    },
  },
  FieldError: {
    type: 'object',
    required: ['field', 'message'],
    properties: { field: { type: 'string', example: 'email' }, message: { type: 'string', example: 'email must be an email' } },
  },
};

/** What the guards know about a route, read from the same metadata they read. */
interface RouteFacts {
  isPublic: boolean;
  hasRoles: boolean;
  throttled: boolean;
}

const operationId = (controller: string, method: string) => `${controller}_${method}`;

/**
 * The application's OpenAPI document, completed from the guards' metadata so that no controller
 * has to repeat it: security (bearer unless @Public, or what the route declares), and every error
 * response as application/problem+json with the one Problem schema.
 */
export function createOpenApiDocument(app: INestApplication, config: Omit<OpenAPIObject, 'paths'>): OpenAPIObject {
  const document = SwaggerModule.createDocument(app, config, { operationIdFactory: operationId });
  const routes = routeFacts(app);
  for (const operation of operations(document)) {
    const facts = routes.get(operation.operationId ?? '');
    if (!facts) throw new Error(`OpenAPI: no route behind operation ${operation.operationId}`);
    completeOperation(operation, facts);
  }
  document.components = { ...document.components, schemas: { ...document.components?.schemas, ...PROBLEM_SCHEMAS } };
  return document;
}

function completeOperation(operation: OperationObject, facts: RouteFacts): void {
  operation.security ??= facts.isPublic ? [] : [{ bearer: [] }];
  const statuses = new Set(Object.keys(operation.responses).map(Number));
  if (operation.requestBody || operation.parameters?.length) statuses.add(HttpStatus.BAD_REQUEST);
  if (operation.security.some((requirement) => Object.keys(requirement).length)) statuses.add(HttpStatus.UNAUTHORIZED);
  if (facts.hasRoles) statuses.add(HttpStatus.FORBIDDEN);
  if (operation.parameters?.some((parameter) => 'in' in parameter && parameter.in === 'path')) statuses.add(HttpStatus.NOT_FOUND);
  if (facts.throttled) statuses.add(HttpStatus.TOO_MANY_REQUESTS);
  for (const status of [...statuses].filter((code) => code >= 400).sort((a, b) => a - b)) {
    const response = (operation.responses[status] ?? {}) as ResponseObject;
    operation.responses[status] = {
      ...response,
      description: response.description || (PROBLEM_DESCRIPTIONS[status] ?? 'Error'),
      content: { [PROBLEM_CONTENT_TYPE]: { schema: problemRef } },
    };
  }
}

function* operations(document: OpenAPIObject): Iterable<OperationObject> {
  for (const item of Object.values(document.paths)) {
    for (const method of ['get', 'put', 'post', 'delete', 'patch'] as const) {
      const operation = item[method];
      if (operation) yield operation;
    }
  }
}

function routeFacts(app: INestApplication): Map<string, RouteFacts> {
  const reflector = new Reflector();
  const facts = new Map<string, RouteFacts>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const { metatype } of module.controllers.values()) {
      const controller = metatype as Type;
      const prototype = controller.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(prototype)) {
        const handler = prototype[name];
        if (typeof handler !== 'function' || Reflect.getMetadata(PATH_METADATA, handler) === undefined) continue;
        const read = <T>(key: string) => reflector.getAllAndOverride<T | undefined>(key, [handler, controller]);
        facts.set(operationId(controller.name, name), {
          isPublic: read<boolean>(IS_PUBLIC) === true,
          hasRoles: (read<unknown[]>(REQUIRED_ROLES)?.length ?? 0) > 0,
          // The general limit covers every route it does not skip; sign-in routes have their own.
          throttled: read<boolean>(`${THROTTLER_SKIP}default`) !== true || read<boolean>(AUTH_THROTTLED) === true,
        });
      }
    }
  }
  return facts;
}
