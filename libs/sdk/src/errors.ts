import type { components } from './schema';

/** The gateway's problem+json body (RFC 9457) with its stable `code`. */
export type Problem = components['schemas']['ProblemDetails'];
export type ErrorCode = Problem['code'];

/**
 * A failed API call. `message` is the API's `detail`, written to be shown to the user;
 * `code` is stable for programs; `correlationId` is what support asks for.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly status: number;
  readonly code: ErrorCode | 'NETWORK_ERROR' | 'UNEXPECTED_RESPONSE';
  readonly correlationId: string | null;
  /** The whole problem document, with any extra fields the code adds (e.g. `limit`). */
  readonly problem: Partial<Problem> & Record<string, unknown>;

  constructor(status: number, problem: Partial<Problem> & Record<string, unknown>, fallbackMessage?: string) {
    super(problem.detail ?? fallbackMessage ?? `The request failed (HTTP ${status}).`);
    this.status = status;
    this.code = problem.code ?? (status === 0 ? 'NETWORK_ERROR' : 'UNEXPECTED_RESPONSE');
    this.correlationId = problem.correlationId ?? null;
    this.problem = problem;
  }

  /** Seconds to wait before retrying, from `Retry-After` (429, 503), when the API said. */
  get retryAfterSeconds(): number | null {
    const value = this.problem.retryAfterSeconds;
    return typeof value === 'number' ? value : null;
  }

  /** No answer from the API at all (offline, DNS, connection reset). */
  static network(cause: unknown): ApiError {
    const error = new ApiError(0, {}, 'Could not reach the server. Check your connection and try again.');
    (error as { cause?: unknown }).cause = cause;
    return error;
  }
}

/** What a failed fetch becomes: an abort stays an abort (the caller asked for it), anything else NETWORK_ERROR. */
export function networkFailure(cause: unknown): unknown {
  return (cause as Error)?.name === 'AbortError' ? cause : ApiError.network(cause);
}

export function apiErrorFromBody(status: number, text: string, retryAfter: string | null = null): ApiError {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const problem = isProblemLike(body) ? { ...body } : {};
  if (retryAfter && problem.retryAfterSeconds === undefined && /^\d+$/.test(retryAfter))
    problem.retryAfterSeconds = Number(retryAfter);
  return new ApiError(status, problem, status >= 500 ? 'The server failed to answer. Try again shortly.' : undefined);
}

function isProblemLike(value: unknown): value is Partial<Problem> & Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
