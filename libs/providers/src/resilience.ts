import {
  BrokenCircuitError,
  ConsecutiveBreaker,
  ExponentialBackoff,
  TaskCancelledError,
  TimeoutStrategy,
  circuitBreaker,
  handleWhen,
  retry,
  timeout,
  wrap,
  type IPolicy,
  type TimeoutPolicy,
} from 'cockatiel';
import { ProviderError, providerUnavailable } from './errors';

export interface ResilienceOptions {
  /** Each cloud call (one request, one poll) gets this long. */
  timeoutMs: number;
  /** Consecutive retryable failures (timeouts, 5xx, throttling) that open the circuit. */
  failureThreshold?: number;
  /** How long the circuit stays open before one trial call is let through. */
  halfOpenAfterMs?: number;
  /** Extra attempts after a throttled call; nothing else is retried here (the pipeline retries jobs). */
  throttleRetries?: number;
  /** First backoff delay after throttling, doubled on each attempt. */
  throttleBackoffMs?: number;
}

/** Turns whatever a vendor's client threw into a ProviderError the pipeline can act on. */
export type ErrorClassifier = (error: unknown) => ProviderError;

/** Too many requests: retryable, and the only failure retried in place (with backoff). */
export function providerThrottled(provider: string, message: string, cause?: unknown): ProviderError {
  return new ProviderError('PROVIDER_THROTTLED', `${provider}: ${message}`, true, { cause });
}

/**
 * Timeout, circuit breaker and throttling retry around every call to one cloud client. One
 * instance per client, shared by every capability that uses the client, so the breaker sees all
 * of its failures.
 */
export class CloudCallPolicy {
  private readonly guarded: IPolicy;
  private readonly perCall: TimeoutPolicy;

  constructor(
    readonly provider: string,
    private readonly classify: ErrorClassifier,
    private readonly options: ResilienceOptions,
  ) {
    this.perCall = timeout(options.timeoutMs, TimeoutStrategy.Aggressive);
    const throttled = retry(
      handleWhen((error) => error instanceof ProviderError && error.code === 'PROVIDER_THROTTLED'),
      {
        maxAttempts: options.throttleRetries ?? 2,
        backoff: new ExponentialBackoff({ initialDelay: options.throttleBackoffMs ?? 250, maxDelay: 4_000 }),
      },
    );
    // Bad media, bad credentials and bad requests say nothing about the service's health.
    const breaker = circuitBreaker(
      handleWhen((error) => error instanceof ProviderError && error.retryable),
      {
        halfOpenAfter: options.halfOpenAfterMs ?? 30_000,
        breaker: new ConsecutiveBreaker(options.failureThreshold ?? 5),
      },
    );
    this.guarded = wrap(throttled, breaker);
  }

  /**
   * Runs one call. Rejects with a ProviderError, or with `signal.reason` when the caller aborted;
   * `fn` must pass the signal it is given on to its client so a timed-out request is cancelled.
   */
  async run<T>(fn: (signal: AbortSignal) => Promise<T>, signal?: AbortSignal): Promise<T> {
    try {
      return await this.guarded.execute(() => this.attempt(fn, signal), signal);
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      if (error instanceof BrokenCircuitError) {
        throw providerUnavailable(this.provider, 'failing fast after repeated failures (circuit open)', error);
      }
      throw error instanceof ProviderError ? error : this.classify(error);
    }
  }

  private async attempt<T>(fn: (signal: AbortSignal) => Promise<T>, callerSignal?: AbortSignal): Promise<T> {
    try {
      return await this.perCall.execute(({ signal }) => fn(signal), callerSignal);
    } catch (error) {
      // A caller's abort is not the service's fault: leave the breaker alone.
      if (callerSignal?.aborted) throw new CallerAborted();
      if (error instanceof TaskCancelledError) {
        throw providerUnavailable(this.provider, `no answer within ${this.options.timeoutMs} ms`, error);
      }
      throw error instanceof ProviderError ? error : this.classify(error);
    }
  }
}

class CallerAborted extends Error {}

/** Waits `ms`, or rejects with the signal's reason as soon as it is aborted. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
