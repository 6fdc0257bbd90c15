import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App, createQueryClient } from '../app';
import { fakeApi, json, LOCAL_AUTH, meFixture, problem } from '../testing/fake-api';
import { mediaSummary } from './library-fixtures';

type Handlers = Parameters<typeof fakeApi>[0];

function renderLibrary(handlers: Handlers, path = '/') {
  window.history.pushState({}, '', path);
  const api = fakeApi({ ...LOCAL_AUTH, 'GET /v1/me': () => json(meFixture()), ...handlers });
  render(<App services={api.services} queryClient={createQueryClient()} />);
  const mediaRequests = () => api.requests.filter((r) => r.method === 'GET' && r.url.pathname === '/v1/media');
  return { ...api, mediaRequests };
}

/** Two pages: photo-1, photo-2, then (cursor "page-2") photo-3. */
const twoPages: Handlers = {
  'GET /v1/media': (_request, url) =>
    url.searchParams.get('cursor') === 'page-2'
      ? json({ items: [mediaSummary(3, { fileType: 'video', tags: ['beach'] })], nextCursor: null })
      : json({ items: [mediaSummary(1), mediaSummary(2, { status: 'failed' })], nextCursor: 'page-2' }),
};

describe('library grid', () => {
  it('shows the files as cards and asks for the next page with the cursor', async () => {
    const { mediaRequests } = renderLibrary(twoPages);
    const first = await screen.findByRole('link', { name: 'photo-1.jpg' });
    expect(first).toHaveAttribute('href', `/media/${mediaSummary(1).id}`);
    expect(within(first.closest('li')!).getByText('Completed')).toHaveClass('badge', 'completed');
    expect(within(screen.getByRole('link', { name: 'photo-2.jpg' }).closest('li')!).getByText('Failed')).toHaveClass(
      'failed',
    );
    expect(mediaRequests()[0].url.searchParams.get('limit')).toBe('50');
    expect(mediaRequests()[0].url.searchParams.has('cursor')).toBe(false);

    await userEvent.click(screen.getByRole('button', { name: 'Load more' }));
    const third = await screen.findByRole('link', { name: 'photo-3.jpg' });
    const card = within(third.closest('li')!);
    expect(card.getByText(/Video · 2\.0 KB/)).toBeInTheDocument();
    expect(card.getByRole('list', { name: 'Tags of photo-3.jpg' })).toHaveTextContent('beach');
    expect(mediaRequests().at(-1)!.url.searchParams.get('cursor')).toBe('page-2');
    expect(screen.getAllByRole('link', { name: /^photo-\d\.jpg$/ })).toHaveLength(3);
    expect(screen.queryByRole('button', { name: 'Load more' })).not.toBeInTheDocument();
  });

  it('loads the next page when the end of the grid scrolls into view', async () => {
    const observers: { callback: IntersectionObserverCallback; targets: Element[] }[] = [];
    vi.stubGlobal(
      'IntersectionObserver',
      class {
        private readonly entry: { callback: IntersectionObserverCallback; targets: Element[] };
        constructor(callback: IntersectionObserverCallback) {
          this.entry = { callback, targets: [] };
          observers.push(this.entry);
        }
        observe(target: Element) {
          this.entry.targets.push(target);
        }
        disconnect() {
          this.entry.targets = [];
        }
        unobserve() {
          // nothing to stop in the fake
        }
        takeRecords() {
          return [];
        }
      },
    );
    try {
      const { mediaRequests } = renderLibrary(twoPages);
      await screen.findByRole('link', { name: 'photo-1.jpg' });
      const sentinel = document.querySelector('.library-sentinel')!;
      const watcher = observers.find((o) => o.targets.includes(sentinel));
      expect(watcher).toBeDefined();
      watcher!.callback(
        [{ isIntersecting: true, target: sentinel } as unknown as IntersectionObserverEntry],
        {} as IntersectionObserver,
      );
      expect(await screen.findByRole('link', { name: 'photo-3.jpg' })).toBeInTheDocument();
      expect(mediaRequests().at(-1)!.url.searchParams.get('cursor')).toBe('page-2');
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('sends the filters as query parameters, keeps them in the URL and clears them', async () => {
    // Unfiltered: photo-1; any filter: photo-2.
    const { mediaRequests } = renderLibrary({
      'GET /v1/media': (_request, url) =>
        json({ items: [url.searchParams.size > 1 ? mediaSummary(2) : mediaSummary(1)], nextCursor: null }),
    });
    await screen.findByRole('link', { name: 'photo-1.jpg' });

    await userEvent.selectOptions(screen.getByLabelText('Type'), 'Video');
    await userEvent.selectOptions(screen.getByLabelText('Status'), 'Failed');
    await userEvent.type(screen.getByLabelText('Tag'), 'beach');
    fireEvent.change(screen.getByLabelText('From'), { target: { value: '2026-11-01' } });
    fireEvent.change(screen.getByLabelText('To'), { target: { value: '2026-11-02' } });

    await waitFor(() => {
      const params = mediaRequests().at(-1)!.url.searchParams;
      expect(Object.fromEntries(params)).toEqual({
        limit: '50',
        type: 'video',
        status: 'failed',
        tag: 'beach',
        from: new Date(2026, 10, 1, 0, 0, 0, 0).toISOString(),
        to: new Date(2026, 10, 2, 23, 59, 59, 999).toISOString(),
      });
    });
    const url = new URLSearchParams(window.location.search);
    expect(Object.fromEntries(url)).toEqual({
      type: 'video',
      status: 'failed',
      tag: 'beach',
      from: '2026-11-01',
      to: '2026-11-02',
    });

    expect(screen.getByRole('link', { name: 'photo-2.jpg' })).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'Clear filters' }));
    expect(await screen.findByRole('link', { name: 'photo-1.jpg' })).toBeInTheDocument();
    expect(window.location.search).toBe('');
    expect(screen.getByLabelText('Tag')).toHaveValue('');
    expect(screen.getByLabelText('Type')).toHaveValue('');
  });

  it('tells an empty library apart from filters that match nothing', async () => {
    renderLibrary({ 'GET /v1/media': () => json({ items: [], nextCursor: null }) });
    expect(await screen.findByRole('heading', { name: 'Your library is empty' })).toBeInTheDocument();
    expect(screen.getByText(/Drop photos or videos/)).toBeInTheDocument();

    await userEvent.selectOptions(screen.getByLabelText('Type'), 'Image');
    expect(await screen.findByRole('heading', { name: 'No media matches these filters' })).toBeInTheDocument();
    expect(screen.queryByRole('heading', { name: 'Your library is empty' })).not.toBeInTheDocument();
  });

  it("shows the API's message when the library cannot be loaded", async () => {
    renderLibrary({ 'GET /v1/media': () => problem(400, 'VALIDATION_FAILED', 'cursor: This cursor has expired') });
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Your library could not be loaded');
    expect(alert).toHaveTextContent('cursor: This cursor has expired');
    expect(within(alert).getByRole('button', { name: 'Try again' })).toBeInTheDocument();
  });
});
