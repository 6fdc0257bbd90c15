import { APIConnectionError, APIError } from 'openai';
import { ProviderError, providerUnavailable } from '../errors';
import { providerThrottled, type ErrorClassifier } from '../resilience';

/** Classifies the `openai` client's errors: rate limits and outages retry, bad keys and requests do not. */
export function openAiErrorClassifier(provider: string): ErrorClassifier {
  return (error) => {
    if (error instanceof ProviderError) return error;
    // Before APIError: connection failures and the client's own timeout are APIErrors without a status.
    if (error instanceof APIConnectionError) return providerUnavailable(provider, error.message, error);
    if (!(error instanceof APIError)) return providerUnavailable(provider, String(error), error);
    const status = error.status ?? 0;
    const detail = `${status} ${error.code ?? error.type ?? ''}: ${error.message}`.replace(/\s+:/, ':');
    if (status === 429 && error.code === 'insufficient_quota') {
      // Out of credit is not a rate limit: waiting will not fix it.
      return new ProviderError('PROVIDER_QUOTA_EXCEEDED', `${provider}: ${detail}`, false, { cause: error });
    }
    if (status === 429) return providerThrottled(provider, detail, error);
    if (status === 401 || status === 403) {
      return new ProviderError('PROVIDER_AUTH_FAILED', `${provider}: ${detail}`, false, { cause: error });
    }
    if (status === 408 || status === 409 || status >= 500) return providerUnavailable(provider, detail, error);
    return new ProviderError('PROVIDER_REQUEST_REJECTED', `${provider}: ${detail}`, false, { cause: error });
  };
}
