import { ProviderError, providerUnavailable, unreadableMedia } from '../errors';
import { providerThrottled, type ErrorClassifier } from '../resilience';

// Rate and concurrency limits: LimitExceededException is what Rekognition Video and Transcribe
// answer when too many jobs run at once.
const THROTTLING = new Set([
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'TooManyRequestsException',
  'LimitExceededException',
  'RequestLimitExceeded',
  'SlowDown',
]);

// The media itself is what the service refused.
const UNREADABLE = new Set([
  'InvalidImageFormatException',
  'ImageTooLargeException',
  'InvalidParameterException',
  'VideoTooLargeException',
]);

const AUTH = new Set([
  'AccessDeniedException',
  'AccessDenied',
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'ExpiredTokenException',
  'InvalidClientTokenId',
  'CredentialsProviderError',
]);

interface AwsErrorShape {
  name?: string;
  message?: string;
  $fault?: 'client' | 'server';
  $metadata?: { httpStatusCode?: number };
}

/** The SDK error's name (`InvalidS3ObjectException`), also behind a ProviderError that wraps it. */
export function awsErrorName(error: unknown): string | undefined {
  const original = error instanceof ProviderError ? error.cause : error;
  return original instanceof Error ? original.name : undefined;
}

/** Classifies AWS SDK errors for one service (`aws-rekognition`, …) into retry-or-give-up terms. */
export function awsErrorClassifier(provider: string): ErrorClassifier {
  return (error) => {
    if (error instanceof ProviderError) return error;
    const { name = 'Error', message = String(error), $fault, $metadata } = (error ?? {}) as AwsErrorShape;
    const status = $metadata?.httpStatusCode;
    if (THROTTLING.has(name) || status === 429) return providerThrottled(provider, `${name}: ${message}`, error);
    if (UNREADABLE.has(name)) return unreadableMedia(`${provider} cannot read the media: ${name}: ${message}`, error);
    if (AUTH.has(name) || status === 401 || status === 403) {
      return new ProviderError('PROVIDER_AUTH_FAILED', `${provider}: ${name}: ${message}`, false, { cause: error });
    }
    if ($fault === 'client' || (status !== undefined && status >= 400 && status < 500)) {
      return new ProviderError('PROVIDER_REQUEST_REJECTED', `${provider}: ${name}: ${message}`, false, {
        cause: error,
      });
    }
    // 5xx, InternalServerError, connection resets, socket timeouts: worth another attempt.
    return providerUnavailable(provider, `${name}: ${message}`, error);
  };
}
