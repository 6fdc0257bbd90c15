import { HttpException } from '@nestjs/common';
import { ZodValidationException } from 'nestjs-zod';
import { ZodError } from 'zod';
import { ContractViolation, DomainError, type ErrorCode } from '@ams/contracts';

/** Errors raised by Fastify and its plugins before our code runs, by their code. */
const FRAMEWORK_ERRORS: Record<string, [ErrorCode, string]> = {
  FST_ERR_CTP_BODY_TOO_LARGE: ['PAYLOAD_TOO_LARGE', 'The request body is too large.'],
  FST_ERR_CTP_INVALID_JSON_BODY: ['INVALID_JSON', 'The request body is not valid JSON.'],
  FST_ERR_CTP_EMPTY_JSON_BODY: ['INVALID_JSON', 'The request body is empty; send a JSON object.'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: ['UNSUPPORTED_CONTENT_TYPE', 'This content type is not accepted here.'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: ['VALIDATION_FAILED', 'The Content-Length does not match the body.'],
  FST_INVALID_MULTIPART_CONTENT_TYPE: ['UNSUPPORTED_CONTENT_TYPE', 'Send the file as multipart/form-data.'],
  FST_REQ_FILE_TOO_LARGE: ['FILE_TOO_LARGE', 'The file is larger than your plan allows.'],
  FST_PARTS_LIMIT: ['PAYLOAD_TOO_LARGE', 'The form has too many parts.'],
  FST_FILES_LIMIT: ['VALIDATION_FAILED', 'Send exactly one file, in the field "file".'],
  FST_FIELDS_LIMIT: ['PAYLOAD_TOO_LARGE', 'The form has too many fields.'],
  FST_PROTO_VIOLATION: ['VALIDATION_FAILED', 'The form contains a forbidden field name.'],
};

const STATUS_CODES: Record<number, ErrorCode> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHENTICATED',
  404: 'NOT_FOUND',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_CONTENT_TYPE',
  429: 'RATE_LIMITED',
  503: 'SERVICE_UNAVAILABLE',
};

/** Every failure as a DomainError: ours as they are, the framework's by code, anything else INTERNAL. */
export function toDomainError(error: unknown): DomainError {
  if (error instanceof DomainError) return error;
  if (error instanceof ZodValidationException) return validationFailed(error.getZodError());
  if (error instanceof ZodError) return validationFailed(error);
  if (error instanceof ContractViolation)
    return new DomainError('VALIDATION_FAILED', 'The request is not valid.', { errors: error.issues });
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && FRAMEWORK_ERRORS[code]) {
    const [mapped, message] = FRAMEWORK_ERRORS[code];
    return new DomainError(mapped, message);
  }
  if (error instanceof SyntaxError && (error as { statusCode?: number }).statusCode === 400)
    return new DomainError('INVALID_JSON', 'The request body is not valid JSON.');
  const status = error instanceof HttpException ? error.getStatus() : (error as { statusCode?: number }).statusCode;
  // Nest hands Fastify's body-parser errors over as HttpExceptions carrying Fastify's message.
  if (status === 400 && /not valid JSON|JSON body/i.test((error as Error).message))
    return new DomainError('INVALID_JSON', 'The request body is not valid JSON.');
  if (typeof status === 'number' && STATUS_CODES[status]) {
    const message = error instanceof HttpException && status === 404 ? 'No such route.' : (error as Error).message;
    return new DomainError(STATUS_CODES[status], message);
  }
  return new DomainError('INTERNAL', 'Something went wrong on our side.');
}

function validationFailed(error: unknown): DomainError {
  const issues = (error as ZodError).issues ?? [];
  return new DomainError('VALIDATION_FAILED', 'The request is not valid.', {
    errors: issues.flatMap((issue) => {
      // A field that should not be there is named as the field, not as the whole body.
      if (issue.code === 'unrecognized_keys')
        return issue.keys.map((key) => ({ field: [...issue.path, key].join('.'), message: issue.message }));
      return [{ field: issue.path.join('.') || '(body)', message: issue.message }];
    }),
  });
}
