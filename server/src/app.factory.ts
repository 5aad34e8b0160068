import { existsSync, readFileSync } from 'node:fs';
import { basename, isAbsolute, join, resolve } from 'node:path';
import fastifyMultipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import { Logger, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ServerResponse } from 'node:http';
import { AppModule } from './app.module';
import { DomainError } from './common/domain-error';
import { mapError } from './common/error-mapping';
import { AppConfig } from './config/config';
import { MAX_UPLOAD_BYTES } from '@wuzha/shared';

export interface CreateAppOptions {
  // false silences Nest's logger (tests); default: the configured level
  logger?: false | LogLevel[];
  // which proxies may set X-Forwarded-*; default: loopback and private networks (a reverse proxy next to us)
  trustProxy?: boolean | string;
  // close cleanly on SIGTERM/SIGINT; default true (tests turn it off)
  shutdownHooks?: boolean;
}

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

export function logLevels(level: AppConfig['logLevel']): LogLevel[] {
  return LEVELS.slice(0, LEVELS.indexOf(level) + 1);
}

const SERVER_DIR = join(__dirname, '..');
const httpLogger = new Logger('HTTP');
const VERSION = (JSON.parse(readFileSync(join(SERVER_DIR, 'package.json'), 'utf8')) as { version: string }).version;

// The built H5 app: H5_DIR (relative to the cwd), else ../miniapp/dist-h5 next to the server package.
export function resolveH5Dir(config: AppConfig): string | null {
  const dir = config.h5Dir ? (isAbsolute(config.h5Dir) ? config.h5Dir : resolve(process.cwd(), config.h5Dir)) : join(SERVER_DIR, '..', 'miniapp', 'dist-h5');
  return existsSync(join(dir, 'index.html')) ? dir : null;
}

// File names with a content hash (e.g. app.3f2a9c1d.js) never change content: cache them for a year.
const HASHED = /[.-][0-9a-f]{8,}\.[a-z0-9]+$/i;

function setStaticHeaders(res: ServerResponse, filePath: string): void {
  const name = basename(filePath);
  if (name.endsWith('.html')) res.setHeader('Cache-Control', 'no-cache');
  else if (HASHED.test(name)) res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
  else res.setHeader('Cache-Control', 'public, max-age=300');
}

// Builds and initialises the application (not yet listening). Used by main.ts and by the tests.
export async function createApp(config: AppConfig, opts: CreateAppOptions = {}): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: config.bodyLimit,
    trustProxy: opts.trustProxy ?? 'loopback,linklocal,uniquelocal',
    logger: false,
    // malformed URLs are answered by fastify itself, before any route: same error shape
    frameworkErrors: (err: Error, req: FastifyRequest, reply: FastifyReply) => {
      const mapped = mapError(err, { method: req.method, url: req.url }, httpLogger);
      void reply.status(mapped.status).type('application/json; charset=utf-8').send(mapped.body);
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    logger: opts.logger ?? logLevels(config.logLevel),
    abortOnError: false,
    // our own parsers below: Nest's would also accept urlencoded forms
    bodyParser: false,
  });
  const fastify = app.getHttpAdapter().getInstance();
  // The API speaks JSON only (multipart is registered where uploads exist): other types get a 415.
  // Nest turns fastify's parse errors into bare HttpExceptions, so the JSON parser reports BAD_JSON itself.
  const jsonParser = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: config.bodyLimit }, (req, body, done) => {
    jsonParser(req, body as string, (err: Error | null, value?: unknown) => (err ? done(new DomainError('BAD_JSON'), undefined) : done(null, value)));
  });
  // image uploads (files.upload): one file of at most 5 MB, read by the route itself
  await app.register(fastifyMultipart as never, { limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 5, parts: 6 } });

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder().setTitle('无诈 Wuzha API').setDescription('镇反诈分中心工作平台接口').setVersion(VERSION).addBearerAuth().build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });

  const h5Dir = resolveH5Dir(config);
  if (h5Dir) {
    await app.register(fastifyStatic as never, { root: h5Dir, prefix: '/', cacheControl: false, setHeaders: setStaticHeaders });
  }

  if (opts.shutdownHooks ?? true) app.enableShutdownHooks();
  await app.init();
  await fastify.ready();
  return app;
}
