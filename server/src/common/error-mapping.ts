import { randomUUID } from 'node:crypto';
import { HttpException, Logger } from '@nestjs/common';
import { API, ErrorCode, errorMessage, ErrorResponse, errorStatus, HttpMethod } from '@wuzha/shared';
import { isDuplicateKey } from '../database/db-errors';
import { DomainError } from './domain-error';

export interface MappedError {
  status: number;
  body: ErrorResponse;
  headers?: Record<string, string>;
}

export interface RequestInfo {
  method: string;
  url: string;
}

const STATUS_CODES: Record<number, ErrorCode> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
};

// Errors fastify raises while reading the request, before any Nest code runs.
const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'BAD_JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'BAD_JSON',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'BAD_JSON',
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_BAD_URL: 'BAD_JSON',
};

// Paths of the route table as regexes, to tell "wrong method" (405) from "no such route" (404).
const ROUTE_PATTERNS: Array<{ method: HttpMethod; re: RegExp }> = Object.values(API).map((r) => ({
  method: r.method,
  re: new RegExp(`^${r.path.replace(/:[a-zA-Z]+/g, '[^/]+')}/?$`),
}));

export function allowedMethods(url: string): string[] {
  const path = url.split('?')[0];
  const methods = new Set<string>();
  for (const r of ROUTE_PATTERNS) {
    if (r.re.test(path)) {
      methods.add(r.method);
      if (r.method === 'GET') methods.add('HEAD');
    }
  }
  return [...methods];
}

function body(code: ErrorCode, extra?: Partial<ErrorResponse>): ErrorResponse {
  return { code, message: errorMessage(code), ...extra };
}

function notFound(req: RequestInfo): MappedError {
  const allow = allowedMethods(req.url);
  if (allow.length > 0 && !allow.includes(req.method.toUpperCase())) {
    return { status: 405, body: body('METHOD_NOT_ALLOWED'), headers: { allow: allow.join(', ') } };
  }
  return { status: 404, body: body('ROUTE_NOT_FOUND') };
}

interface FastifyLikeError {
  code?: unknown;
  statusCode?: unknown;
}

// Maps any thrown value to the API's error shape. Unexpected errors become 500 INTERNAL with a
// correlation id that is logged together with the stack.
export function mapError(err: unknown, req: RequestInfo, logger: Logger): MappedError {
  if (err instanceof DomainError) {
    const b: ErrorResponse = { code: err.code, message: err.message };
    if (err.fields?.length) b.fields = err.fields;
    if (err.status >= 500) logger.warn(`${req.method} ${req.url} -> ${err.status} ${err.code}`);
    return { status: err.status, body: b };
  }
  const fe = err as FastifyLikeError;
  if (err && typeof err === 'object' && typeof fe.code === 'string' && FASTIFY_CODES[fe.code]) {
    const code = FASTIFY_CODES[fe.code];
    return { status: errorStatus(code), body: body(code) };
  }
  if (err instanceof HttpException) {
    const status = err.getStatus();
    if (status === 404) return notFound(req);
    if (status < 500) return { status, body: body(STATUS_CODES[status] ?? 'VALIDATION_FAILED') };
  } else if (err && typeof err === 'object' && typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    // other client errors raised by fastify or its plugins
    const status = fe.statusCode;
    return { status, body: body(STATUS_CODES[status] ?? 'BAD_JSON') };
  } else if (isDuplicateKey(err)) {
    // a race a service did not anticipate: still the client's retry to make, not a crash
    logger.warn(`${req.method} ${req.url} -> 409 (unhandled duplicate key)`);
    return { status: 409, body: body('CONFLICT') };
  }
  const correlationId = randomUUID();
  const e = err instanceof Error ? err : new Error(String(err));
  logger.error(`[${correlationId}] ${req.method} ${req.url}: ${e.message}`, e.stack);
  return { status: 500, body: body('INTERNAL', { correlationId }) };
}
