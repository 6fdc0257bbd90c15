import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, vi } from 'vitest';
import { App, createQueryClient } from '../app';
import { fakeApi, json, LOCAL_AUTH, meFixture, problem } from '../testing/fake-api';
import { auditEntry, usageFixture } from './account-fixtures';
import { browserNavigation } from './redirect';

type Handlers = Parameters<typeof fakeApi>[0];

function renderAccount(handlers: Handlers = {}, me = meFixture()) {
  const api = fakeApi({
    ...LOCAL_AUTH,
    'GET /v1/me': () => json(me),
    'GET /v1/usage': () => json(usageFixture()),
    'GET /v1/audit/me': () => json({ items: [], nextCursor: null }),
    ...handlers,
  });
  window.history.pushState({}, '', '/account');
  render(<App services={api.services} queryClient={createQueryClient()} />);
  return api;
}

/** jsdom cannot leave the page: record where the screen would have gone instead. */
const spyOnRedirect = () => vi.spyOn(browserNavigation, 'redirectTo').mockImplementation(() => undefined);

const section = (name: string) => screen.findByRole('region', { name });

afterEach(() => vi.restoreAllMocks());

describe('account screen', () => {
  it('shows usage against each limit, "Unlimited" when there is none, and warns near a limit', async () => {
    renderAccount();
    const usage = await section('Usage');
    const uploads = await within(usage).findByRole('progressbar', { name: 'Uploads 3 of 10' });
    expect(uploads).toHaveAttribute('value', '3');
    expect(uploads).toHaveAttribute('max', '10');
    expect(within(usage).queryByRole('progressbar', { name: /^Searches/ })).not.toBeInTheDocument();
    expect(within(usage).getByText('Unlimited')).toBeInTheDocument();
    expect(within(usage).getByRole('progressbar', { name: 'Storage 900 B of 1000 B' })).toBeInTheDocument();
    expect(within(usage).getByText(/90% of your storage limit used/)).toBeInTheDocument();
    expect(within(usage).queryByText(/uploads limit used/)).not.toBeInTheDocument();
    expect(within(usage).getByText('7 files, 5 processed')).toBeInTheDocument();
  });

  it('warns when AI spending passes the alert threshold', async () => {
    renderAccount({
      'GET /v1/usage': () => json(usageFixture({ aiCostUsd: { used: 3.5, limit: 5, fraction: 0.7, alertThreshold: 0.6 } })),
    });
    const usage = await section('Usage');
    expect(await within(usage).findByText(/AI spending passed your alert threshold \(60% of the cap\)/)).toBeInTheDocument();
  });

  it('starts Stripe Checkout for the chosen tier and goes to the returned page', async () => {
    const redirect = spyOnRedirect();
    const { requests } = renderAccount({
      'POST /v1/billing/checkout': () => json({ sessionId: 'cs_1', url: 'https://checkout.stripe.test/cs_1' }, 201),
    });
    const plan = await section('Plan');
    expect(within(plan).getByRole('button', { name: 'Upgrade to Premium' })).toBeInTheDocument();
    expect(within(plan).queryByRole('button', { name: 'Manage subscription' })).not.toBeInTheDocument();
    await userEvent.click(within(plan).getByRole('button', { name: 'Upgrade to Ultimate' }));
    await waitFor(() => expect(redirect).toHaveBeenCalledWith('https://checkout.stripe.test/cs_1'));
    expect(requests.find((r) => r.url.pathname === '/v1/billing/checkout')?.body).toEqual({ tier: 'ultimate' });
  });

  it("shows the API's message when billing is unavailable, and does not leave", async () => {
    const redirect = spyOnRedirect();
    renderAccount({
      'POST /v1/billing/checkout': () => problem(503, 'BILLING_UNAVAILABLE', 'Billing is not configured on this server.'),
    });
    const plan = await section('Plan');
    await userEvent.click(within(plan).getByRole('button', { name: 'Upgrade to Premium' }));
    expect(await within(plan).findByRole('alert')).toHaveTextContent('Billing is not configured on this server.');
    expect(redirect).not.toHaveBeenCalled();
    expect(within(plan).getByRole('button', { name: 'Upgrade to Premium' })).toBeEnabled();
  });

  it('offers paid subscribers only higher tiers and the billing portal', async () => {
    const redirect = spyOnRedirect();
    const { requests } = renderAccount(
      { 'POST /v1/billing/portal': () => json({ url: 'https://billing.stripe.test/p_1' }) },
      meFixture({ subscription: { tier: 'premium', status: 'active', startedAt: '2026-10-01T00:00:00.000Z', endsAt: null } }),
    );
    const plan = await section('Plan');
    expect(within(plan).queryByRole('button', { name: 'Upgrade to Premium' })).not.toBeInTheDocument();
    expect(within(plan).getByRole('button', { name: 'Upgrade to Ultimate' })).toBeInTheDocument();
    await userEvent.click(within(plan).getByRole('button', { name: 'Manage subscription' }));
    await waitFor(() => expect(redirect).toHaveBeenCalledWith('https://billing.stripe.test/p_1'));
    expect(requests.some((r) => r.method === 'POST' && r.url.pathname === '/v1/billing/portal')).toBe(true);
  });

  it('saves the search-history preference', async () => {
    const { requests } = renderAccount({ 'PATCH /v1/me/preferences': () => json({ storeSearchQueries: false }) });
    const box = await screen.findByRole('checkbox', { name: 'Keep my search history text' });
    expect(box).toBeChecked();
    await userEvent.click(box);
    expect(await screen.findByText('Saved')).toBeInTheDocument();
    expect(box).not.toBeChecked();
    expect(requests.find((r) => r.method === 'PATCH')?.body).toEqual({ storeSearchQueries: false });
  });

  it('puts the box back and shows why when the preference is refused', async () => {
    renderAccount({ 'PATCH /v1/me/preferences': () => problem(400, 'VALIDATION_FAILED', 'storeSearchQueries: Expected boolean') });
    const box = await screen.findByRole('checkbox', { name: 'Keep my search history text' });
    await userEvent.click(box);
    expect(await screen.findByRole('alert')).toHaveTextContent('storeSearchQueries: Expected boolean');
    expect(box).toBeChecked();
  });

  it("lists the user's own activity with Load more, and never asks for everyone's audit log", async () => {
    const { requests } = renderAccount({
      'GET /v1/audit/me': (_request, url) =>
        url.searchParams.get('cursor') === 'page-2'
          ? json({ items: [auditEntry({ id: '33333333-3333-4333-8333-333333333333', description: 'Upgraded plan' })], nextCursor: null })
          : json({ items: [auditEntry()], nextCursor: 'page-2' }),
    });
    const table = await screen.findByRole('table', { name: 'My activity entries' });
    expect(within(table).getByText('Signed in')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Load more activity' }));
    expect(await within(table).findByText('Upgraded plan')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Load more activity' })).not.toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'Audit log' })).not.toBeInTheDocument();
    expect(requests.some((r) => r.url.pathname === '/v1/admin/audit-logs')).toBe(false);
  });
});
