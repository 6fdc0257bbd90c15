/**
 * Every error a client can see, by stable code, with the HTTP status the gateway answers with.
 * Services throw `DomainError`s; they cross the broker as `{ code, message }` and the gateway maps
 * them once, in its exception filter, to `application/problem+json`.
 */
export const ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  INVALID_JSON: 400,
  FILE_MISSING: 400,
  FILE_EMPTY: 400,
  INVALID_FILENAME: 400,
  INVALID_CURSOR: 400,
  UNAUTHENTICATED: 401,
  TOKEN_EXPIRED: 401,
  TOKEN_INVALID: 401,
  ACCOUNT_SUSPENDED: 403,
  ACCOUNT_DELETED: 403,
  UPLOAD_QUOTA_EXCEEDED: 403,
  STORAGE_QUOTA_EXCEEDED: 403,
  SEARCH_QUOTA_EXCEEDED: 403,
  COST_LIMIT_EXCEEDED: 403,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  MEDIA_NOT_FOUND: 404,
  UPLOAD_NOT_FOUND: 404,
  EMAIL_IN_USE: 409,
  PRESIGNED_UPLOADS_UNAVAILABLE: 409,
  REPROCESS_NOT_ALLOWED: 409,
  REINDEX_RUNNING: 409,
  ALREADY_SUBSCRIBED: 409,
  NO_SUBSCRIPTION: 409,
  BILLING_UNAVAILABLE: 503,
  INVALID_WEBHOOK: 400,
  FILE_TOO_LARGE: 413,
  UNSUPPORTED_CONTENT_TYPE: 415,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  CORRUPT_MEDIA: 422,
  IMAGE_TOO_LARGE: 422,
  VIDEO_TOO_LONG: 422,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  SERVICE_UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERROR_STATUS, value);
}

/** An expected failure with a stable code; its message is safe to show to the user. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Extra, user-safe facts (e.g. the limit that was exceeded). */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}
