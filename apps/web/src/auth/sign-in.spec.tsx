import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App, createQueryClient } from '../app';
import { fakeApi, json, LOCAL_AUTH, meFixture, problem } from '../testing/fake-api';

describe('sign in', () => {
  it('signs in with the local issuer and shows the library', async () => {
    const { services, requests } = fakeApi(
      {
        ...LOCAL_AUTH,
        'POST /v1/auth/dev-token': () => json({ token: 'header.eyJleHAiOjQxMDI0NDQ4MDB9.sig' }),
        'GET /v1/me': () => json(meFixture()),
        'GET /v1/media': () => json({ items: [], nextCursor: null }),
      },
      { signedIn: false },
    );
    render(<App services={services} queryClient={createQueryClient()} />);
    await userEvent.type(await screen.findByLabelText('Email'), 'ada@example.com');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('navigation', { name: 'Main' })).toBeInTheDocument();
    expect(requests.find((r) => r.url.pathname === '/v1/auth/dev-token')?.body).toEqual({ email: 'ada@example.com' });
    expect(screen.queryByLabelText('Password')).not.toBeInTheDocument();
  });

  it("shows the API's message when sign-in is refused", async () => {
    const { services } = fakeApi(
      { ...LOCAL_AUTH, 'POST /v1/auth/dev-token': () => problem(400, 'VALIDATION_FAILED', 'email: Invalid email address') },
      { signedIn: false },
    );
    render(<App services={services} queryClient={createQueryClient()} />);
    await userEvent.type(await screen.findByLabelText('Email'), 'ada@example.com');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('email: Invalid email address');
  });
});
