import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App, createQueryClient } from '../app';
import { fakeApi, json, LOCAL_AUTH, meFixture, problem } from '../testing/fake-api';
import { auditEntry, usageFixture } from './account-fixtures';

type Handlers = Parameters<typeof fakeApi>[0];

function renderAsAdmin(handlers: Handlers, path = '/account') {
  const api = fakeApi({
    ...LOCAL_AUTH,
    'GET /v1/me': () => json(meFixture({ isAdmin: true })),
    'GET /v1/usage': () => json(usageFixture()),
    'GET /v1/audit/me': () => json({ items: [], nextCursor: null }),
    ...handlers,
  });
  window.history.pushState({}, '', path);
  render(<App services={api.services} queryClient={createQueryClient()} />);
  const auditRequests = () => api.requests.filter((r) => r.url.pathname === '/v1/admin/audit-logs');
  return { ...api, auditRequests };
}

const USER = '44444444-4444-4444-8444-444444444444';

describe('admin audit log', () => {
  it('shows entries and sends the filters as query params, keeping them in the URL', async () => {
    const { auditRequests } = renderAsAdmin({
      'GET /v1/admin/audit-logs': () =>
        json({ items: [auditEntry({ eventType: 'access.denied', category: 'security', riskLevel: 'high' })], nextCursor: null }),
    });
    const table = await screen.findByRole('table', { name: 'Audit entries' });
    expect(within(table).getByText('access.denied')).toBeInTheDocument();
    expect(within(table).getByText('high')).toHaveClass('badge');
    expect(within(table).getByText('203.0.113.9')).toBeInTheDocument();

    const form = screen.getByRole('form', { name: 'Audit filters' });
    await userEvent.type(within(form).getByLabelText('User id'), USER);
    await userEvent.selectOptions(within(form).getByLabelText('Category'), 'security');
    await userEvent.selectOptions(within(form).getByLabelText('Risk'), 'high');
    await userEvent.type(within(form).getByLabelText('Event type'), 'access.denied');
    await userEvent.type(within(form).getByLabelText('From'), '2026-11-01');
    await userEvent.type(within(form).getByLabelText('To'), '2026-11-20');
    await userEvent.click(within(form).getByRole('button', { name: 'Apply' }));

    await waitFor(() => expect(auditRequests()).toHaveLength(2));
    const query = Object.fromEntries(auditRequests()[1].url.searchParams);
    expect(query).toMatchObject({
      userId: USER,
      category: 'security',
      riskLevel: 'high',
      eventType: 'access.denied',
      from: '2026-11-01',
      to: '2026-11-20',
    });
    expect(query).not.toHaveProperty('cursor');
    expect(new URLSearchParams(window.location.search).get('auditRisk')).toBe('high');
  });

  it('reads filters from the URL and keeps them when loading more', async () => {
    const { auditRequests } = renderAsAdmin(
      {
        'GET /v1/admin/audit-logs': (_request, url) =>
          url.searchParams.get('cursor')
            ? json({ items: [auditEntry({ id: '55555555-5555-4555-8555-555555555555', description: 'Second page' })], nextCursor: null })
            : json({ items: [auditEntry()], nextCursor: 'next-1' }),
      },
      '/account?auditCategory=billing&auditFrom=2026-11-01',
    );
    expect(await screen.findByLabelText('Category')).toHaveValue('billing');
    await screen.findByRole('table', { name: 'Audit entries' });
    await userEvent.click(screen.getByRole('button', { name: 'Load more audit entries' }));
    expect(await screen.findByText('Second page')).toBeInTheDocument();
    const second = Object.fromEntries(auditRequests()[1].url.searchParams);
    expect(second).toMatchObject({ category: 'billing', from: '2026-11-01', cursor: 'next-1' });
  });

  it("shows the empty state, and the API's message on failure", async () => {
    renderAsAdmin({
      'GET /v1/admin/audit-logs': (_request, url) =>
        url.searchParams.get('userId') === 'nope'
          ? problem(400, 'VALIDATION_FAILED', 'userId: Invalid UUID')
          : json({ items: [], nextCursor: null }),
    });
    expect(await screen.findByRole('heading', { name: 'No audit entries' })).toBeInTheDocument();
    await userEvent.type(screen.getByLabelText('User id'), 'nope');
    await userEvent.click(screen.getByRole('button', { name: 'Apply' }));
    const log = screen.getByRole('region', { name: 'Audit log' });
    expect(await within(log).findByRole('alert')).toHaveTextContent('userId: Invalid UUID');
  });
});
