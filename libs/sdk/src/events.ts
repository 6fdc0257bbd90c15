import { createParser } from 'eventsource-parser';
import { ApiError, apiErrorFromBody, networkFailure } from './errors';
import type { MediaStatus, ProcessingJob } from './types';

export interface MediaStatusEvent {
  status: MediaStatus;
  /** Why analysis failed, readable; null otherwise. */
  error: string | null;
}

export interface MediaEventHandlers {
  onStatus?: (event: MediaStatusEvent) => void;
  onJob?: (job: ProcessingJob) => void;
}

interface FollowRequest {
  baseUrl: string;
  getToken: () => string | null | Promise<string | null>;
  fetch: (input: Request) => Promise<Response>;
  mediaId: string;
  handlers: MediaEventHandlers;
  signal?: AbortSignal;
}

const TERMINAL: ReadonlySet<MediaStatus> = new Set(['completed', 'failed', 'deleted']);
const RECONNECTS = 5;

/**
 * GET /v1/media/{id}/events read with fetch rather than EventSource, which cannot send an
 * Authorization header. The stream starts with the current state and ends at a final status;
 * a dropped connection is resumed (the server replays the current state), a refusal is thrown.
 */
export async function followMediaEvents(request: FollowRequest): Promise<void> {
  let finished = false;
  for (let attempt = 0; !finished; attempt += 1) {
    try {
      finished = await readStream(request);
    } catch (error) {
      if (error instanceof ApiError && error.status !== 0) throw error;
      if ((error as Error)?.name === 'AbortError' || attempt >= RECONNECTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, 1000 * 2 ** attempt));
    }
    if (request.signal?.aborted) return;
  }
}

/** One connection; true when the file reached a final status. */
async function readStream({ baseUrl, getToken, fetch, mediaId, handlers, signal }: FollowRequest): Promise<boolean> {
  const token = await getToken();
  let response: Response;
  try {
    response = await fetch(
      new Request(`${baseUrl}/v1/media/${encodeURIComponent(mediaId)}/events`, {
        headers: { accept: 'text/event-stream', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        signal,
      }),
    );
  } catch (cause) {
    throw networkFailure(cause);
  }
  if (!response.ok || !response.body) throw apiErrorFromBody(response.status, await response.text());

  let final = false;
  const parser = createParser({
    onEvent(message) {
      const data = JSON.parse(message.data) as unknown;
      if (message.event === 'job') handlers.onJob?.(data as ProcessingJob);
      if (message.event === 'status') {
        const status = data as MediaStatusEvent;
        if (TERMINAL.has(status.status)) final = true;
        handlers.onStatus?.(status);
      }
    },
  });
  const decoder = new TextDecoder();
  const reader = response.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parser.feed(decoder.decode(value, { stream: true }));
    }
  } catch (cause) {
    throw networkFailure(cause);
  }
  return final;
}
