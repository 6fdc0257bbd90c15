/**
 * Why a provider call failed, in terms the pipeline acts on: retry later (throttled, timed
 * out, service down) or give up with a reason a person can read (the media itself is bad).
 */
export class ProviderError extends Error {
  constructor(
    /** Stable, upper-snake code stored in `processing_jobs.error_code`. */
    readonly code: string,
    message: string,
    readonly retryable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ProviderError';
  }
}

/** The input cannot be analysed by anyone (corrupt, truncated, unsupported): never retried. */
export function unreadableMedia(message: string, cause?: unknown): ProviderError {
  return new ProviderError('MEDIA_UNREADABLE', message, false, { cause });
}

/** A dependency is slow or down: worth another attempt later. */
export function providerUnavailable(provider: string, message: string, cause?: unknown): ProviderError {
  return new ProviderError('PROVIDER_UNAVAILABLE', `${provider}: ${message}`, true, { cause });
}

/** Anything not classified is retried: a crash in a model or a flaky disk may pass. */
export function isRetryable(error: unknown): boolean {
  return error instanceof ProviderError ? error.retryable : true;
}
