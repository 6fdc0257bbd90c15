import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App, createQueryClient } from '../app';
import { fakeApi, json, LOCAL_AUTH, meFixture, problem } from '../testing/fake-api';

const MEDIA_ID = '22222222-2222-4222-8222-222222222222';
const OTHER_ID = '33333333-3333-4333-8333-333333333333';
const SEARCH_ID = '44444444-4444-4444-8444-444444444444';

function hit(overrides: Record<string, unknown> = {}) {
  return {
    mediaId: MEDIA_ID,
    fileType: 'video',
    filename: 'beach.mp4',
    hasThumbnail: false,
    score: 0.873,
    matchedFields: ['transcript'],
    // As the API sends it: escaped text, with what it matched in <mark>.
    snippet: 'Kids running on the <mark>Beach</mark> at &lt;b&gt;sunset&lt;/b&gt; &amp; more',
    moments: [{ start: 75, end: 80, score: 0.9, kind: 'audio', snippet: 'look at the sunset' }],
    uploadedAt: '2026-11-01T10:00:00.000Z',
    takenAt: null,
    durationSeconds: 120,
    thumbnailUrl: null,
    ...overrides,
  };
}

const page = (items: unknown[], extra: Record<string, unknown> = {}) =>
  json({ searchId: SEARCH_ID, items, nextCursor: null, model: 'm', cacheHit: false, tookMs: 42, ...extra });

const history = (queries: (string | null)[]) =>
  json({
    items: queries.map((query, index) => ({
      searchId: `5555555${index}-5555-4555-8555-555555555555`,
      query,
      filters: {},
      sort: 'relevance',
      resultsCount: 1,
      responseTimeMs: 10,
      cacheHit: false,
      clickedResults: [],
      clickThroughRate: null,
      searchedAt: '2026-11-20T10:00:00.000Z',
    })),
    nextCursor: null,
  });

function renderAt(path: string, handlers: Parameters<typeof fakeApi>[0]) {
  const api = fakeApi({
    ...LOCAL_AUTH,
    'GET /v1/me': () => json(meFixture()),
    'GET /v1/search/history': () => history([]),
    ...handlers,
  });
  window.history.pushState({}, '', path);
  render(<App services={api.services} queryClient={createQueryClient()} />);
  const searches = () => api.requests.filter((r) => r.url.pathname === '/v1/search');
  /** The query string of the n-th GET /v1/search sent. */
  const sent = (index: number) => {
    const request = searches()[index];
    if (!request) throw new Error(`No search #${index} was sent`);
    return request.url.searchParams;
  };
  return { ...api, searches, sent };
}

describe('search screen', () => {
  it('sends the query and every filter as the API expects, and keeps them in the URL', async () => {
    const { searches, sent: sentAt } = renderAt('/search', { 'GET /v1/search': () => page([hit()]) });
    await userEvent.type(await screen.findByLabelText('Search your library'), 'sunset beach');
    await userEvent.click(screen.getByText('Filters'));
    await userEvent.selectOptions(screen.getByLabelText('Type'), 'Videos');
    await userEvent.selectOptions(screen.getByLabelText('Mode'), 'Keyword');
    await userEvent.selectOptions(screen.getByLabelText('Sort'), 'Date');
    fireEvent.change(screen.getByLabelText('From'), { target: { value: '2026-01-01' } });
    fireEvent.change(screen.getByLabelText('To'), { target: { value: '2026-03-31' } });
    await userEvent.selectOptions(screen.getByLabelText('Faces'), 'With faces');
    await userEvent.selectOptions(screen.getByLabelText('Sentiment'), 'Positive');
    await userEvent.type(screen.getByLabelText('Min duration (s)'), '5');
    await userEvent.type(screen.getByLabelText('Tags'), 'beach, family');
    await userEvent.type(screen.getByLabelText('Exclude tags'), 'night');
    await userEvent.type(screen.getByLabelText('Labels'), 'person');
    await userEvent.type(screen.getByLabelText('Exclude words'), 'rain, storm');
    await userEvent.click(screen.getByRole('button', { name: 'Search' }));

    await screen.findByRole('region', { name: 'Search results' });
    expect(searches()).toHaveLength(1);
    const sent = sentAt(0);
    expect(sent.get('q')).toBe('sunset beach');
    expect(sent.getAll('tags')).toEqual(['beach', 'family']);
    expect(sent.getAll('excludeTags')).toEqual(['night']);
    expect(sent.getAll('labels')).toEqual(['person']);
    expect(sent.getAll('excludeText')).toEqual(['rain', 'storm']);
    expect(sent.get('hasFaces')).toBe('true');
    expect(sent.get('from')).toBe('2026-01-01');
    expect(sent.get('to')).toBe('2026-03-31');
    expect(sent.get('type')).toBe('video');
    expect(sent.get('mode')).toBe('keyword');
    expect(sent.get('sort')).toBe('date');
    expect(sent.get('sentiment')).toBe('POSITIVE');
    expect(sent.get('minDuration')).toBe('5');
    expect(sent.has('maxDuration')).toBe(false);
    expect(sent.has('excludeLabels')).toBe(false);
    expect(sent.get('sessionId')).toMatch(/^[0-9a-f-]{36}$/);
    const url = new URLSearchParams(window.location.search);
    expect(url.get('q')).toBe('sunset beach');
    expect(url.get('tags')).toBe('beach, family');
    expect(url.get('hasFaces')).toBe('true');
  });

  it('shows score, highlighted snippet as text, timing, and loads more with the cursor', async () => {
    const { sent } = renderAt('/search?q=sunset%20beach&type=video', {
      'GET /v1/search': (_request, url) =>
        url.searchParams.get('cursor') === 'next-1'
          ? page([hit({ mediaId: OTHER_ID, filename: 'second.jpg', fileType: 'image', moments: [], snippet: null })])
          : page([hit()], { nextCursor: 'next-1' }),
    });
    const results = await screen.findByRole('region', { name: 'Search results' });
    expect(within(results).getByText('match 87%')).toBeInTheDocument();
    const marks = [...results.querySelectorAll('mark')].map((m) => m.textContent);
    // The API's marks kept; a moment's unmarked snippet gets the query's words marked.
    expect(marks).toEqual(['Beach', 'sunset']);
    expect(within(results).getByText(/& more/)).toBeInTheDocument();
    // Markup inside the snippet's text is shown as characters, never parsed.
    expect(results.querySelector('b')).toBeNull();
    expect(within(results).getByText(/<b>/)).toBeInTheDocument();
    expect(screen.getByText(/1 result so far in 42 ms/)).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'Load more results' }));
    expect(await within(results).findByRole('link', { name: 'second.jpg' })).toBeInTheDocument();
    const second = sent(1);
    expect(second.get('cursor')).toBe('next-1');
    expect(second.get('q')).toBe('sunset beach');
    expect(second.get('type')).toBe('video');
    expect(second.get('sessionId')).toBe(sent(0).get('sessionId'));
    expect(screen.queryByRole('button', { name: 'Load more results' })).not.toBeInTheDocument();
  });

  it('plays a matching moment: records the click and opens the item at that second', async () => {
    const { requests } = renderAt('/search?q=sunset', {
      'GET /v1/search': () => page([hit()]),
      'POST /v1/search/:id/click': () => json({ recorded: true }),
    });
    await userEvent.click(await screen.findByRole('button', { name: 'Play from 1:15' }));
    await waitFor(() => expect(window.location.pathname).toBe(`/media/${MEDIA_ID}`));
    expect(window.location.search).toBe('?t=75');
    await waitFor(() =>
      expect(requests.find((r) => r.method === 'POST')).toMatchObject({
        url: expect.objectContaining({ pathname: `/v1/search/${SEARCH_ID}/click` }),
        body: { mediaId: MEDIA_ID },
      }),
    );
  });

  it('"More like this" shows the similar files under a heading', async () => {
    const { requests } = renderAt('/search?q=sunset', {
      'GET /v1/search': () => page([hit()]),
      'GET /v1/media/:id/similar': () =>
        json({ items: [hit({ mediaId: OTHER_ID, filename: 'dunes.mp4' })], model: 'm' }),
    });
    await userEvent.click(await screen.findByRole('button', { name: 'More like this: beach.mp4' }));
    expect(await screen.findByRole('heading', { name: 'Similar to beach.mp4' })).toBeInTheDocument();
    const results = await screen.findByRole('region', { name: 'Search results' });
    expect(await within(results).findByRole('link', { name: 'dunes.mp4' })).toBeInTheDocument();
    expect(window.location.search).toBe(`?similar=${MEDIA_ID}`);
    expect(requests.some((r) => r.url.pathname === `/v1/media/${MEDIA_ID}/similar`)).toBe(true);
  });

  it('offers recent searches (skipping withheld ones) and re-runs one', async () => {
    const { sent, requests } = renderAt('/search', {
      'GET /v1/search/history': () => history(['red car', null, 'red car', 'birthday cake']),
      'GET /v1/search': () => page([hit()]),
    });
    const recent = await screen.findByRole('region', { name: 'Recent searches' });
    expect(
      within(recent)
        .getAllByRole('button')
        .map((b) => b.textContent),
    ).toEqual(['red car', 'birthday cake']);
    expect(requests.find((r) => r.url.pathname === '/v1/search/history')?.url.searchParams.get('limit')).toBe('8');

    await userEvent.click(within(recent).getByRole('button', { name: 'red car' }));
    await screen.findByRole('region', { name: 'Search results' });
    expect(sent(0).get('q')).toBe('red car');
    expect(screen.getByLabelText('Search your library')).toHaveValue('red car');
  });

  it('says when nothing matches and offers to clear the filters', async () => {
    const { searches, sent } = renderAt('/search?q=unicorn&hasFaces=false', { 'GET /v1/search': () => page([]) });
    expect(await screen.findByRole('heading', { name: 'No matches for “unicorn”' })).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Clear filters' }));
    await waitFor(() => expect(searches()).toHaveLength(2));
    expect(sent(1).has('hasFaces')).toBe(false);
    expect(window.location.search).toBe('?q=unicorn');
  });

  it("shows the API's message when the search is refused", async () => {
    renderAt('/search?q=cats', {
      'GET /v1/search': () =>
        problem(403, 'SEARCH_QUOTA_EXCEEDED', 'You have used all searches of your plan for this month.'),
    });
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'You have used all searches of your plan for this month.',
    );
  });
});
