import { Logger } from '@nestjs/common';
import Stripe from 'stripe';
import { DomainError } from '@ams/contracts';

const logger = new Logger('StripeCall');

export const NOT_CONFIGURED = () => new DomainError('BILLING_UNAVAILABLE', 'Billing is not configured.');

/** Stripe failures that pass by themselves: worth a "try again" to the user, a warning to us. */
function isTransient(error: InstanceType<typeof Stripe.errors.StripeError>): boolean {
  return (
    error instanceof Stripe.errors.StripeConnectionError ||
    error instanceof Stripe.errors.StripeRateLimitError ||
    error instanceof Stripe.errors.StripeAPIError ||
    (error.statusCode ?? 0) >= 500
  );
}

/**
 * One Stripe call (already retried by the SDK): a Stripe failure becomes BILLING_UNAVAILABLE with
 * a message safe to show; what we log names the failure, never the key or the request body.
 */
export async function callStripe<T>(operation: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (!(error instanceof Stripe.errors.StripeError)) throw error;
    const facts = {
      operation,
      stripeType: error.type,
      stripeCode: error.code,
      statusCode: error.statusCode,
      stripeRequestId: error.requestId,
    };
    if (isTransient(error)) {
      logger.warn(facts, 'stripe unavailable');
      throw new DomainError('BILLING_UNAVAILABLE', 'Payments are temporarily unavailable; try again in a few minutes.');
    }
    // A refused request is our mistake (a wrong key or price id): say so in the log, not to the user.
    logger.error({ ...facts, message: error.message }, 'stripe refused a request');
    throw new DomainError('BILLING_UNAVAILABLE', 'Payments are unavailable right now; we are looking into it.');
  }
}
