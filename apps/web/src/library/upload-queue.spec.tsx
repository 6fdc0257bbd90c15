import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ApiError, type AmsClient, type Media, type MediaEventHandlers, type UploadOptions } from '@ams/sdk';
import { App, createQueryClient } from '../app';
import { fakeApi, json, LOCAL_AUTH, meFixture } from '../testing/fake-api';
import { uploadedMedia } from './library-fixtures';

type Upload = AmsClient['upload'];
type Follow = AmsClient['followMedia'];

/**
 * jsdom's XMLHttpRequest would try the network and fetch cannot report upload progress, so the
 * SDK's upload and event-stream helpers are the boundary stubbed here; everything else is real.
 */
function renderLibrary(upload: Upload, followMedia: Follow) {
  window.history.pushState({}, '', '/');
  const api = fakeApi({
    ...LOCAL_AUTH,
    'GET /v1/me': () => json(meFixture()),
    'GET /v1/media': () => json({ items: [], nextCursor: null }),
    'POST /v1/media/:id/reprocess': () => json({ jobs: [] }, 202),
  });
  const services = { ...api.services, client: { ...api.services.client, upload, followMedia } };
  render(<App services={services} queryClient={createQueryClient()} />);
  return api;
}

const png = (name: string) => new File(['fake image bytes'], name, { type: 'image/png' });

/** A promise with its resolve/reject handed out, to step an upload or a stream by hand. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const job = (jobType: string, progressPercentage: number) =>
  ({ jobType, progressPercentage, status: 'running' }) as Parameters<NonNullable<MediaEventHandlers['onJob']>>[0];

/** A stream that reports the given final status at once. */
const finishesWith =
  (...outcomes: { status: 'completed' | 'failed'; error: string | null }[]): Follow =>
  async (_id, handlers) => {
    const outcome = outcomes.length > 1 ? outcomes.shift()! : outcomes[0];
    handlers.onStatus?.(outcome);
  };

async function chooseFiles(...files: File[]) {
  await userEvent.upload(await screen.findByLabelText('Choose files'), files);
}

const row = (filename: string) =>
  within(screen.getByRole('list', { name: 'Uploads' }))
    .getByText(filename)
    .closest('li')!;

describe('uploads', () => {
  it('shows byte progress, then live analysis progress, until completed, and refreshes the grid', async () => {
    const sending = deferred<Media>();
    let reportProgress!: UploadOptions['onProgress'];
    const upload = vi.fn<Upload>((_file, _name, options) => {
      reportProgress = options?.onProgress;
      return sending.promise;
    });
    const stream = deferred<void>();
    let events!: MediaEventHandlers;
    const followMedia = vi.fn<Follow>((_id, handlers) => {
      events = handlers;
      return stream.promise;
    });
    const { requests } = renderLibrary(upload, followMedia);
    expect(await screen.findByRole('region', { name: 'Upload files' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Choose files' })).toBeInTheDocument();
    await screen.findByRole('heading', { name: 'Your library is empty' });
    const listCalls = () => requests.filter((r) => r.url.pathname === '/v1/media').length;
    const before = listCalls();

    await chooseFiles(png('beach.png'));
    expect(upload).toHaveBeenCalledWith(expect.any(File), 'beach.png', expect.anything());
    act(() => reportProgress!({ loaded: 45, total: 100, fraction: 0.45 }));
    expect(within(row('beach.png')).getByText('Uploading 45%')).toBeInTheDocument();
    expect(screen.getByRole('progressbar', { name: 'beach.png progress' })).toHaveAttribute('value', '0.45');

    await act(async () => sending.resolve(uploadedMedia('beach.png', 'media-1')));
    await waitFor(() =>
      expect(followMedia).toHaveBeenCalledWith('media-1', expect.anything(), expect.any(AbortSignal)),
    );
    await waitFor(() => expect(listCalls()).toBeGreaterThan(before));

    act(() => events.onJob!(job('vision', 60)));
    expect(within(row('beach.png')).getByText('Analysing 60%')).toBeInTheDocument();
    expect(screen.getByRole('progressbar', { name: 'beach.png progress' })).toHaveAttribute('value', '0.6');

    const afterUpload = listCalls();
    await act(async () => {
      events.onStatus!({ status: 'completed', error: null });
      stream.resolve();
    });
    expect(within(row('beach.png')).getByText('Completed')).toBeInTheDocument();
    await waitFor(() => expect(listCalls()).toBeGreaterThan(afterUpload));
    expect(screen.getByRole('status')).toHaveTextContent('1 of 1 file done');
  });

  it("shows the API's message when the upload is refused, and Retry sends the file again", async () => {
    const upload = vi
      .fn<Upload>()
      .mockRejectedValueOnce(
        new ApiError(403, { code: 'QUOTA_EXCEEDED' as never, detail: 'Your plan allows 10 uploads a month.' }),
      )
      .mockResolvedValueOnce(uploadedMedia('beach.png', 'media-1'));
    renderLibrary(upload, vi.fn<Follow>(finishesWith({ status: 'completed', error: null })));

    await chooseFiles(png('beach.png'));
    expect(
      await within(row('beach.png')).findByText('Failed: Your plan allows 10 uploads a month.'),
    ).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'Retry beach.png' }));
    expect(await within(row('beach.png')).findByText('Completed')).toBeInTheDocument();
    expect(upload).toHaveBeenCalledTimes(2);
    expect(screen.queryByRole('button', { name: 'Retry beach.png' })).not.toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'Remove beach.png' }));
    expect(screen.queryByRole('list', { name: 'Uploads' })).not.toBeInTheDocument();
  });

  it('shows why the analysis failed, and Retry asks for it again and follows it', async () => {
    const upload = vi.fn<Upload>().mockResolvedValue(uploadedMedia('clip.png', 'media-7'));
    const followMedia = vi.fn<Follow>(
      finishesWith({ status: 'failed', error: 'The file could not be decoded.' }, { status: 'completed', error: null }),
    );
    const { requests } = renderLibrary(upload, followMedia);

    await chooseFiles(png('clip.png'));
    expect(await within(row('clip.png')).findByText('Failed: The file could not be decoded.')).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'Retry clip.png' }));
    expect(await within(row('clip.png')).findByText('Completed')).toBeInTheDocument();
    expect(requests.filter((r) => r.method === 'POST').map((r) => r.url.pathname)).toEqual([
      '/v1/media/media-7/reprocess',
    ]);
    expect(upload).toHaveBeenCalledTimes(1);
    expect(followMedia).toHaveBeenCalledTimes(2);
  });

  it('takes many dropped files and sends at most three at once and starts the next when one finishes', async () => {
    const pending: ReturnType<typeof deferred<Media>>[] = [];
    const upload = vi.fn<Upload>(() => {
      const next = deferred<Media>();
      pending.push(next);
      return next.promise;
    });
    renderLibrary(upload, vi.fn<Follow>(finishesWith({ status: 'completed', error: null })));

    const files = ['a', 'b', 'c', 'd', 'e'].map((n) => png(`${n}.png`));
    fireEvent.drop(await screen.findByRole('region', { name: 'Upload files' }), {
      dataTransfer: { files, types: ['Files'] },
    });
    expect(within(screen.getByRole('list', { name: 'Uploads' })).getAllByRole('listitem')).toHaveLength(5);
    expect(upload).toHaveBeenCalledTimes(3);
    expect(within(row('d.png')).getByText('Waiting')).toBeInTheDocument();

    await act(async () => pending[0].resolve(uploadedMedia('a.png', 'media-a')));
    expect(await within(row('a.png')).findByText('Completed')).toBeInTheDocument();
    expect(upload).toHaveBeenCalledTimes(4);
    expect(upload.mock.calls[3][1]).toBe('d.png');
    expect(within(row('e.png')).getByText('Waiting')).toBeInTheDocument();
  });
});
