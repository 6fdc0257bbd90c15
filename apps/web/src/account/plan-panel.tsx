import { useMutation } from '@tanstack/react-query';
import { useId } from 'react';
import type { Me, PaidTier } from '@ams/sdk';
import { useClient } from '../services';
import { formatDate } from '../ui/format';
import { ErrorNotice } from '../ui/states';
import { browserNavigation } from './redirect';

type Tier = Me['subscription']['tier'];

const TIER_ORDER: readonly Tier[] = ['free', 'premium', 'ultimate'];
const PAID_TIERS: readonly PaidTier[] = ['premium', 'ultimate'];
export const TIER_NAMES: Record<Tier, string> = { free: 'Free', premium: 'Premium', ultimate: 'Ultimate' };

const rank = (tier: Tier) => TIER_ORDER.indexOf(tier);

/** The plan and its status; upgrades and subscription changes happen on Stripe's pages. */
export function PlanPanel({ me }: { me: Me }) {
  const client = useClient();
  const headingId = useId();
  const { tier, status, startedAt, endsAt } = me.subscription;
  const { periodStart, periodEnd } = me.usage;

  const checkout = useMutation({
    mutationFn: (target: PaidTier) => client.call(client.api.POST('/v1/billing/checkout', { body: { tier: target } })),
    onSuccess: ({ url }) => browserNavigation.redirectTo(url),
  });
  const portal = useMutation({
    mutationFn: () => client.call(client.api.POST('/v1/billing/portal')),
    onSuccess: ({ url }) => browserNavigation.redirectTo(url),
  });

  // Stay disabled after success too: the page is on its way to Stripe.
  const busy = checkout.isPending || portal.isPending || checkout.isSuccess || portal.isSuccess;
  const error = checkout.error ?? portal.error;
  const upgrades = PAID_TIERS.filter((paid) => rank(paid) > rank(tier));

  return (
    <section className="account-panel" aria-labelledby={headingId}>
      <h2 id={headingId}>Plan</h2>
      <dl className="facts">
        <dt>Current plan</dt>
        <dd>
          <strong>{TIER_NAMES[tier]}</strong>
        </dd>
        <dt>Status</dt>
        <dd>
          <span className={`badge status-${status}`}>{status.replace(/_/g, ' ')}</span>
        </dd>
        {periodStart && periodEnd && (
          <>
            <dt>Current period</dt>
            <dd>
              {formatDate(periodStart)} – {formatDate(periodEnd)}
            </dd>
          </>
        )}
        {startedAt && (
          <>
            <dt>Subscribed since</dt>
            <dd>{formatDate(startedAt)}</dd>
          </>
        )}
        {endsAt && (
          <>
            <dt>Ends</dt>
            <dd>{formatDate(endsAt)}</dd>
          </>
        )}
      </dl>
      <div className="toolbar plan-actions">
        {upgrades.map((paid) => (
          <button
            key={paid}
            type="button"
            className="primary"
            disabled={busy}
            onClick={() => {
              portal.reset();
              checkout.mutate(paid);
            }}
          >
            Upgrade to {TIER_NAMES[paid]}
          </button>
        ))}
        {tier !== 'free' && (
          <button
            type="button"
            disabled={busy}
            onClick={() => {
              checkout.reset();
              portal.mutate();
            }}
          >
            Manage subscription
          </button>
        )}
      </div>
      {busy && !error && (
        <p className="muted small" role="status">
          Opening the secure payment page…
        </p>
      )}
      {error && <ErrorNotice error={error} title="Billing is unavailable right now" />}
    </section>
  );
}
