import type { INestApplication } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
type SchemaObject = NonNullable<NonNullable<OpenAPIObject['components']>['schemas']>[string];
import { cleanupOpenApiDoc } from 'nestjs-zod';
import { ERROR_STATUS } from '@ams/contracts';
import { PROBLEM_CONTENT_TYPE } from '../problem/problem-details';

/** The problem+json body every error has, so generated clients can type their errors too. */
const PROBLEM_SCHEMA: SchemaObject = {
  type: 'object',
  description: 'RFC 9457 problem details; some codes add fields (e.g. `limit`, `retryAfterSeconds`).',
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string', description: 'Safe to show to the user.' },
    code: { type: 'string', enum: Object.keys(ERROR_STATUS) },
    correlationId: { type: 'string' },
    instance: { type: 'string' },
  },
  required: ['type', 'title', 'status', 'detail', 'code', 'correlationId'],
  additionalProperties: true,
};

/** The API's OpenAPI document, built from the controllers (also exported for the SDK: npm run sdk:generate). */
export function buildOpenApiDocument(app: INestApplication, version: string): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('AI Media Search')
    .setDescription(
      'Upload photos and videos and find them by describing them. Errors are application/problem+json ' +
        '(RFC 9457) with a stable `code` and the request’s `correlationId`.',
    )
    // 3.1: nullable fields as JSON Schema unions, which generated clients type as `T | null`.
    .setOpenAPIVersion('3.1.0')
    .setVersion(version)
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .build();
  const document = cleanupOpenApiDoc(SwaggerModule.createDocument(app, config));
  document.components = { ...document.components, schemas: { ...document.components?.schemas, ProblemDetails: PROBLEM_SCHEMA } };
  for (const operations of Object.values(document.paths))
    for (const method of ['get', 'post', 'patch', 'put', 'delete'] as const) {
      const operation = operations[method];
      if (operation)
        operation.responses.default ??= {
          description: 'An error, as application/problem+json',
          content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: '#/components/schemas/ProblemDetails' } } },
        };
    }
  return document;
}

/** Served as a UI at /docs and as JSON at /docs-json. */
export function setUpOpenApi(app: NestFastifyApplication, version: string): void {
  SwaggerModule.setup('docs', app, buildOpenApiDocument(app, version), { jsonDocumentUrl: 'docs-json' });
}
