import { DomainError, ERROR_STATUS, type ErrorCode } from '@ams/contracts';

/** An RFC 9457 problem document with our stable `code` and the request's correlation id. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
  correlationId: string;
  instance?: string;
  [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

const TITLES: Partial<Record<ErrorCode, string>> = {
  VALIDATION_FAILED: 'Invalid request',
  UNAUTHENTICATED: 'Sign-in required',
  NOT_FOUND: 'Not found',
  INTERNAL: 'Internal error',
};

function titleOf(code: ErrorCode): string {
  return TITLES[code] ?? code.charAt(0) + code.slice(1).toLowerCase().replaceAll('_', ' ');
}

export function problemOf(error: DomainError, correlationId: string, instance?: string): ProblemDetails {
  return {
    type: `urn:ai-media-search:problem:${error.code.toLowerCase().replaceAll('_', '-')}`,
    title: titleOf(error.code),
    status: ERROR_STATUS[error.code],
    detail: error.message,
    code: error.code,
    correlationId,
    instance,
    ...error.details,
  };
}
