import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App, createQueryClient } from '../app';
import { fakeApi, json, LOCAL_AUTH, meFixture, problem } from '../testing/fake-api';

const ID = '22222222-2222-4222-8222-222222222222';
const MEDIA = `/v1/media/${ID}`;

function mediaFixture(overrides: Record<string, unknown> = {}, analysis: Record<string, unknown> = {}) {
  return {
    id: ID,
    filename: 'beach-day.mp4',
    fileType: 'video',
    mimeType: 'video/mp4',
    sizeBytes: 2048,
    status: 'completed',
    width: 1920,
    height: 1080,
    durationSeconds: 95,
    frameRate: 29.97,
    hasAudio: true,
    tags: ['holiday'],
    isPrivate: false,
    hasThumbnail: true,
    uploadedAt: '2026-11-01T10:00:00.000Z',
    updatedAt: '2026-11-01T10:00:00.000Z',
    indexedAt: '2026-11-01T10:05:00.000Z',
    customMetadata: { album: 'Summer', rating: 5 },
    viewCount: 3,
    processing: { startedAt: '2026-11-01T10:01:00.000Z', completedAt: '2026-11-01T10:04:00.000Z', error: null },
    analysis: {
      summary: 'Two people walking along a sunny beach.',
      labels: [{ name: 'beach', confidence: 0.92 }, { name: 'person', confidence: 0.8, instances: 2 }, { odd: true }],
      facesCount: 2,
      text: ['SURF SHOP'],
      transcription: 'What a lovely day. Shall we swim?',
      sentiment: 'POSITIVE',
      contentWarnings: ['Swimwear'],
      keyPhrases: ['lovely day'],
      dominantColors: [{ hex: '#3366cc', name: 'blue', fraction: 0.4 }],
      takenAt: '2026-07-14T09:30:00.000Z',
      camera: 'Pixel 9',
      location: { latitude: 43.2965, longitude: 5.3698 },
      ...analysis,
    },
    links: { content: `${MEDIA}/content`, thumbnail: `${MEDIA}/thumbnail` },
    ...overrides,
  };
}

const job = (overrides: Record<string, unknown> = {}) => ({
  id: '33333333-3333-4333-8333-333333333333',
  jobType: 'video_analysis',
  status: 'completed',
  priority: 0,
  progressPercentage: 100,
  attempts: 1,
  maxAttempts: 3,
  errorMessage: null,
  queuedAt: '2026-11-01T10:00:30.000Z',
  startedAt: '2026-11-01T10:01:00.000Z',
  completedAt: '2026-11-01T10:04:00.000Z',
  estimatedCompletionAt: null,
  ...overrides,
});

type Handlers = Parameters<typeof fakeApi>[0];

function renderItem(media: unknown, handlers: Handlers = {}, path = MEDIA.replace('/v1', '')) {
  const api = fakeApi({
    ...LOCAL_AUTH,
    'GET /v1/me': () => json(meFixture()),
    [`GET ${MEDIA}`]: () => json(media),
    [`GET ${MEDIA}/jobs`]: () => json({ jobs: [job()] }),
    [`GET ${MEDIA}/content`]: () => new Response(new Blob(['bytes'], { type: 'video/mp4' })),
    'GET /v1/media': () => json({ items: [], nextCursor: null }),
    ...handlers,
  });
  window.history.pushState({}, '', path);
  render(<App services={api.services} queryClient={createQueryClient()} />);
  return api;
}

const section = (name: string) => screen.findByRole('region', { name });

describe('item screen', () => {
  let play: ReturnType<typeof vi.fn>;
  beforeEach(() => {
    // jsdom has neither object URLs nor media playback.
    URL.createObjectURL = vi.fn(() => 'blob:media');
    URL.revokeObjectURL = vi.fn();
    play = vi.fn(() => Promise.resolve());
    HTMLMediaElement.prototype.play = play as unknown as HTMLMediaElement['play'];
  });

  it('shows every analysis result and the file facts', async () => {
    renderItem(mediaFixture());
    expect(await screen.findByRole('heading', { level: 1, name: 'beach-day.mp4' })).toBeInTheDocument();
    expect(await section('Summary')).toHaveTextContent('Two people walking along a sunny beach.');
    const labels = within(await section('Labels')).getAllByRole('listitem').map((li) => li.textContent);
    expect(labels).toEqual(['beach 92%', 'person 80%']);
    expect(await section('Faces')).toHaveTextContent('2 faces');
    expect(await section('Text found in it')).toHaveTextContent('SURF SHOP');
    expect(await section('Transcript')).toHaveTextContent('What a lovely day. Shall we swim?');
    expect(await section('Sentiment')).toHaveTextContent('Positive');
    expect(await section('Content warnings')).toHaveTextContent('Swimwear');
    expect(await section('Key phrases')).toHaveTextContent('lovely day');
    const details = await section('Metadata');
    for (const fact of ['Pixel 9', '43.29650, 5.36980', '1920 × 1080', '1:35', '29.97 fps', '2.0 KB', 'video/mp4'])
      expect(details).toHaveTextContent(fact);
    expect(within(await section('Processing jobs')).getByText(/100% · attempt 1 of 3/)).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'More like this' })).toHaveAttribute('href', `/search?similar=${ID}`);
    expect(await screen.findByRole('link', { name: 'Download' })).toHaveAttribute('download', 'beach-day.mp4');
  });

  it('starts the video at ?t= once its metadata has loaded', async () => {
    renderItem(mediaFixture(), {}, `/media/${ID}?t=42`);
    const video = (await screen.findByLabelText('Video player')) as HTMLVideoElement;
    expect(video).toHaveAttribute('src', 'blob:media');
    expect(video.currentTime).toBe(0);
    video.dispatchEvent(new Event('loadedmetadata'));
    expect(video.currentTime).toBe(42);
    expect(play).toHaveBeenCalled();
  });

  it('seeks the video from a transcript timestamp', async () => {
    renderItem(
      mediaFixture({}, {
        segments: [
          { kind: 'audio', start: 75.4, end: 78, transcript: 'Shall we swim?' },
          { kind: 'visual', start: 10, end: 12, labels: [] },
          { kind: 'audio', start: 3, end: 5, transcript: 'What a lovely day.' },
        ],
      }),
    );
    const transcript = await section('Transcript');
    const video = (await screen.findByLabelText('Video player')) as HTMLVideoElement;
    const buttons = within(transcript).getAllByRole('button');
    expect(buttons.map((b) => b.getAttribute('aria-label'))).toEqual(['Jump to 0:03', 'Jump to 1:15']);
    await userEvent.click(within(transcript).getByRole('button', { name: 'Jump to 1:15' }));
    expect(video.currentTime).toBe(75.4);
    expect(play).toHaveBeenCalled();
  });

  it('saves tags, custom fields and privacy with a snake_case PATCH', async () => {
    const { requests } = renderItem(mediaFixture(), {
      [`PATCH ${MEDIA}`]: async (request) => {
        const body = (await request.json()) as { tags: string[] };
        return json(mediaFixture({ tags: body.tags, isPrivate: true }));
      },
    });
    const form = await screen.findByRole('form', { name: 'Edit details' });
    const tags = within(form).getByLabelText('Tags');
    await userEvent.clear(tags);
    await userEvent.type(tags, 'holiday, sea ,holiday, friends');
    expect(within(form).getByRole('list', { name: 'Tags to save' })).toHaveTextContent('holidayseafriends');
    await userEvent.click(within(form).getByRole('button', { name: 'Remove album' }));
    await userEvent.click(within(form).getByRole('button', { name: 'Add field' }));
    const keys = within(form).getAllByLabelText('Key');
    const values = within(form).getAllByLabelText('Value');
    await userEvent.type(keys[1], 'place');
    await userEvent.type(values[1], 'Marseille');
    await userEvent.click(within(form).getByLabelText('Private'));
    await userEvent.click(within(form).getByRole('button', { name: 'Save changes' }));

    expect(await within(form).findByText('Saved')).toBeInTheDocument();
    const patch = requests.find((r) => r.method === 'PATCH');
    expect(patch?.url.pathname).toBe(MEDIA);
    // The untouched number stays a number; the new field is text.
    expect(patch?.body).toEqual({
      tags: ['holiday', 'sea', 'friends'],
      custom_metadata: { rating: 5, place: 'Marseille' },
      is_private: true,
    });
  });

  it("shows the API's message when saving is refused", async () => {
    renderItem(mediaFixture(), {
      [`PATCH ${MEDIA}`]: () => problem(400, 'VALIDATION_FAILED', 'tags.0: Too big: expected string to have <=64 characters'),
    });
    const form = await screen.findByRole('form', { name: 'Edit details' });
    await userEvent.click(within(form).getByRole('button', { name: 'Save changes' }));
    expect(await within(form).findByRole('alert')).toHaveTextContent('tags.0: Too big');
    expect(within(form).queryByText('Saved')).not.toBeInTheDocument();
  });

  it('deletes after confirmation and returns to the library', async () => {
    const { requests } = renderItem(mediaFixture(), {
      [`DELETE ${MEDIA}`]: () => json({ id: ID, status: 'deleted' }),
    });
    await userEvent.click(await screen.findByRole('button', { name: 'Delete' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Delete beach-day.mp4? This cannot be undone.' });
    expect(within(dialog).getByRole('button', { name: 'Cancel' })).toHaveFocus();
    expect(requests.some((r) => r.method === 'DELETE')).toBe(false);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Delete permanently' }));
    await waitFor(() => expect(window.location.pathname).toBe('/'));
    expect(requests.filter((r) => r.method === 'DELETE').map((r) => r.url.pathname)).toEqual([MEDIA]);
  });

  it('shows why analysis failed, reprocesses on request and follows the live progress', async () => {
    let status = 'failed';
    const failedAnalysis = {
      summary: null,
      labels: [],
      facesCount: null,
      text: [],
      transcription: null,
      sentiment: null,
      keyPhrases: [],
      contentWarnings: [],
    };
    const jobs = {
      failed: [job({ status: 'failed', progressPercentage: 40, attempts: 3, errorMessage: 'decoder crashed' })],
      queued: [job({ status: 'pending', progressPercentage: 0, attempts: 0 })],
      completed: [job()],
    } as Record<string, unknown[]>;
    // The event stream stays open until the test sends what the server would.
    let events!: ReadableStreamDefaultController<Uint8Array>;
    const send = (event: string, data: unknown) =>
      events.enqueue(new TextEncoder().encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`));
    const { requests } = renderItem(undefined, {
      [`GET ${MEDIA}`]: () =>
        json(
          status === 'completed'
            ? mediaFixture()
            : mediaFixture(
                { status, processing: { startedAt: null, completedAt: null, error: 'The video could not be decoded.' } },
                failedAnalysis,
              ),
        ),
      [`GET ${MEDIA}/jobs`]: () => json({ jobs: jobs[status] }),
      [`POST ${MEDIA}/reprocess`]: () => {
        status = 'queued';
        return json({ jobs: jobs.queued }, 202);
      },
      [`GET ${MEDIA}/events`]: () =>
        new Response(new ReadableStream<Uint8Array>({ start: (controller) => void (events = controller) }), {
          headers: { 'content-type': 'text/event-stream' },
        }),
    });

    expect(await screen.findByText('The video could not be decoded.')).toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'Summary' })).not.toBeInTheDocument();
    expect(await section('Processing jobs')).toHaveTextContent('decoder crashed');

    await userEvent.click(screen.getByRole('button', { name: 'Reprocess' }));
    expect(await screen.findByText(/Analysis is still running/)).toBeInTheDocument();
    expect(requests.filter((r) => r.method === 'POST').map((r) => r.url.pathname)).toEqual([`${MEDIA}/reprocess`]);
    expect(screen.queryByRole('button', { name: 'Reprocess' })).not.toBeInTheDocument();

    await waitFor(() => expect(events).toBeDefined());
    send('job', job({ status: 'processing', progressPercentage: 50, attempts: 1 }));
    const jobsSection = await section('Processing jobs');
    await waitFor(() => expect(jobsSection).toHaveTextContent('50% · attempt 1 of 3'));

    status = 'completed';
    send('status', { status: 'completed', error: null });
    events.close();
    expect(await section('Summary')).toHaveTextContent('Two people walking along a sunny beach.');
    await waitFor(() => expect(jobsSection).toHaveTextContent('100% · attempt 1 of 3'));
    expect(screen.queryByText(/Analysis is still running/)).not.toBeInTheDocument();
  });

  it("shows the API's message when the file cannot be opened", async () => {
    renderItem(undefined, { [`GET ${MEDIA}`]: () => problem(404, 'NOT_FOUND', 'No file with that id in your library.') });
    expect(await screen.findByRole('alert')).toHaveTextContent('No file with that id in your library.');
    expect(screen.getByRole('link', { name: 'Back to library' })).toBeInTheDocument();
  });
});
