import {
  applyDecorators,
  CanActivate,
  createParamDecorator,
  ExecutionContext,
  HttpCode,
  Injectable,
  RequestMapping,
  RequestMethod,
  SetMetadata,
  UseGuards,
} from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiParam, ApiProduces, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { API, ApiName } from '@wuzha/shared';
import { z } from 'zod';
import { Public } from './auth-context';
import { DomainError, FieldIssue } from './domain-error';

export const ROUTE_NAME = 'wuzha:route';

type Def<N extends ApiName> = (typeof API)[N];
type Out<S> = S extends z.ZodTypeAny ? z.output<S> : undefined;
// What @Input() hands a controller method: params, query and body, validated and typed by the route table.
export interface RouteInput<N extends ApiName> {
  params: Def<N> extends { params: infer S } ? Out<S> : undefined;
  query: Def<N> extends { query: infer S } ? Out<S> : undefined;
  body: Def<N> extends { body: infer S } ? Out<S> : undefined;
}

export function toOpenApi(schema: z.ZodTypeAny, io: 'input' | 'output'): Record<string, unknown> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const json = z.toJSONSchema(schema, { target: 'openapi-3.0', io, unrepresentable: 'any' }) as any;
  delete json.$schema;
  return json;
}

export function zodIssues(error: z.ZodError, prefix: string): FieldIssue[] {
  return error.issues.map((i) => ({ path: [prefix, ...i.path.map(String)].filter(Boolean).join('.'), message: i.message }));
}

function parsePart(schema: z.ZodTypeAny | undefined, value: unknown, part: string): unknown {
  if (!schema) return undefined;
  const r = schema.safeParse(value ?? (part === 'body' ? undefined : {}));
  if (!r.success) throw new DomainError('VALIDATION_FAILED', undefined, zodIssues(r.error, part));
  return r.data;
}

// Binds a controller method to an entry of the shared route table.
export function Route(name: ApiName) {
  const def = API[name] as Def<ApiName> & { created?: boolean; public?: boolean; params?: z.ZodTypeAny; query?: z.ZodTypeAny; body?: z.ZodTypeAny };
  const decorators: Array<ClassDecorator | MethodDecorator | PropertyDecorator> = [
    // first: the decorators after it attach their metadata to the wrapped method
    ValidatedResponse(def.response),
    RequestMapping({ path: def.path, method: RequestMethod[def.method] }),
    SetMetadata(ROUTE_NAME, name),
    ApiOperation({ summary: def.summary, operationId: name }),
    ApiTags(name.split('.')[0]),
  ];
  // a route without a query schema accepts no query keys (as bodies accept no unknown keys)
  if (!def.query) decorators.push(UseGuards(NoQueryGuard));
  if (def.public) decorators.push(Public());
  else decorators.push(ApiBearerAuth());
  if (def.method === 'POST') decorators.push(HttpCode(def.created ? 201 : 200));
  if (def.params instanceof z.ZodObject) {
    for (const key of Object.keys(def.params.shape)) decorators.push(ApiParam({ name: key, required: true, schema: { type: 'string' } }));
  }
  if (def.query instanceof z.ZodObject) {
    const shape = def.query.shape as Record<string, z.ZodTypeAny>;
    for (const [key, s] of Object.entries(shape)) decorators.push(ApiQuery({ name: key, required: !s.safeParse(undefined).success, schema: toOpenApi(s, 'input') }));
  }
  if (def.body) decorators.push(ApiBody({ schema: toOpenApi(def.body, 'input') }));
  if (typeof def.response === 'string') {
    decorators.push(ApiProduces(def.response), ApiResponse({ status: 200, description: `binary: ${def.response}` }));
  } else {
    decorators.push(ApiResponse({ status: def.created ? 201 : 200, schema: toOpenApi(def.response, 'output') }));
  }
  return applyDecorators(...(decorators as MethodDecorator[]));
}

function routeDef(ctx: ExecutionContext) {
  const name = Reflect.getMetadata(ROUTE_NAME, ctx.getHandler()) as ApiName | undefined;
  if (!name) throw new Error('@Input() used on a method without @Route()');
  return API[name] as { params?: z.ZodTypeAny; query?: z.ZodTypeAny; body?: z.ZodTypeAny; response: z.ZodTypeAny | string };
}

const NO_QUERY = z.strictObject({});

// Validated params, query and body of the current route.
export const Input = createParamDecorator((_: unknown, ctx: ExecutionContext) => {
  const def = routeDef(ctx);
  const req = ctx.switchToHttp().getRequest<{ params?: unknown; query?: unknown; body?: unknown }>();
  return {
    params: parsePart(def.params, req.params, 'params'),
    // a route without a query schema accepts no query keys (as bodies accept no unknown keys)
    query: parsePart(def.query, req.query, 'query'),
    body: parsePart(def.body, req.body, 'body'),
  };
});

// Route-level guard of every @Route without a query schema, so whether or not its handler reads
// @Input(): runs after the global auth guard, before the parameters are validated.
@Injectable()
export class NoQueryGuard implements CanActivate {
  canActivate(ctx: ExecutionContext): boolean {
    parsePart(NO_QUERY, ctx.switchToHttp().getRequest<{ query?: unknown }>().query, 'query');
    return true;
  }
}

// Responses go through the route's schema: unknown keys are stripped (no entity field leaks), and a
// shape mismatch is a server bug, surfaced as a 500 rather than sent. Done by wrapping the method
// itself rather than by an interceptor: Nest runs each interceptor through an RxJS pipeline and
// async-resource bindings, about a tenth of the CPU of a small request.
function ValidatedResponse(response: z.ZodTypeAny | string): MethodDecorator {
  return (_target, _key, descriptor: PropertyDescriptor) => {
    // binary responses (images, xlsx) are sent by the handler through the reply
    if (typeof response === 'string') return;
    const original = descriptor.value as (...args: unknown[]) => unknown;
    const wrapped = async function (this: unknown, ...args: unknown[]): Promise<unknown> {
      const r = response.safeParse(await original.apply(this, args));
      if (!r.success) throw new Error(`response of ${original.name} does not match its schema: ${r.error.message}`);
      return r.data;
    };
    Object.defineProperty(wrapped, 'name', { value: original.name });
    // metadata set by decorators applied before @Route (listed below it) moves to the wrapper
    for (const key of Reflect.getOwnMetadataKeys(original)) Reflect.defineMetadata(key, Reflect.getOwnMetadata(key, original), wrapped);
    descriptor.value = wrapped;
  };
}
