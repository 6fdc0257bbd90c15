import createClient, { type Client, type Middleware } from 'openapi-fetch';
import { ApiError, apiErrorFromBody, networkFailure } from './errors';
import { followMediaEvents, type MediaEventHandlers } from './events';
import type { paths } from './schema';
import type { Media } from './types';
import { uploadFile, type UploadOptions } from './upload';

/** The signed-in user's token, or null when signed out (refreshed by the caller as needed). */
export type TokenGetter = () => string | null | Promise<string | null>;

export interface AmsClientOptions {
  /** The gateway's origin; '' (the default) calls the page's own origin. */
  baseUrl?: string;
  getToken: TokenGetter;
  /** Called on any 401, e.g. to send the user back to sign-in. */
  onUnauthorized?: (error: ApiError) => void;
  fetch?: typeof globalThis.fetch;
}

export type AmsApi = Client<paths>;

/** What openapi-fetch resolves to: data on success, the parsed error body otherwise. */
interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/**
 * The typed client every app uses: `api` is openapi-fetch over the generated `paths` (every
 * route, parameter and body checked by the compiler), with the bearer token added; `call`
 * turns its result into the data or a thrown ApiError; uploads and live progress are helpers
 * beside it because OpenAPI does not describe byte progress or event streams.
 */
export function createAmsClient(options: AmsClientOptions) {
  const baseUrl = options.baseUrl ?? '';
  const fetchImpl = options.fetch ?? ((input: Request) => globalThis.fetch(input));
  const api = createClient<paths>({ baseUrl, fetch: fetchImpl });

  const auth: Middleware = {
    async onRequest({ request }) {
      const token = await options.getToken();
      if (token) request.headers.set('authorization', `Bearer ${token}`);
      return request;
    },
  };
  api.use(auth);

  const reportUnauthorized = (error: ApiError) => {
    if (error.status === 401) options.onUnauthorized?.(error);
    return error;
  };

  /** The data of a call, or an ApiError carrying the API's problem. */
  async function call<T>(pending: Promise<FetchResult<T>>): Promise<T> {
    let result: FetchResult<T>;
    try {
      result = await pending;
    } catch (cause) {
      throw networkFailure(cause);
    }
    if (result.response.ok) return result.data as T;
    const body = result.error === undefined ? '' : JSON.stringify(result.error);
    throw reportUnauthorized(apiErrorFromBody(result.response.status, body, result.response.headers.get('retry-after')));
  }

  /** Bytes behind an authenticated link (a thumbnail, a file): for object URLs in a page. */
  async function blob(path: string, signal?: AbortSignal): Promise<Blob> {
    const token = await options.getToken();
    let response: Response;
    try {
      response = await fetchImpl(
        new Request(`${baseUrl}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {}, signal }),
      );
    } catch (cause) {
      throw networkFailure(cause);
    }
    if (!response.ok)
      throw reportUnauthorized(
        apiErrorFromBody(response.status, await response.text(), response.headers.get('retry-after')),
      );
    return response.blob();
  }

  return {
    api,
    call,
    blob,
    /** POST /v1/media with byte progress; resolves to the created file. */
    async upload(file: Blob, filename: string, uploadOptions: UploadOptions = {}): Promise<Media> {
      try {
        return await uploadFile({ baseUrl, token: await options.getToken(), file, filename, ...uploadOptions });
      } catch (error) {
        throw error instanceof ApiError ? reportUnauthorized(error) : error;
      }
    },
    /** Live analysis progress of one file, until it completes or fails (or `signal` aborts). */
    async followMedia(mediaId: string, handlers: MediaEventHandlers, signal?: AbortSignal): Promise<void> {
      return followMediaEvents({ baseUrl, getToken: options.getToken, fetch: fetchImpl, mediaId, handlers, signal });
    },
  };
}

export type AmsClient = ReturnType<typeof createAmsClient>;
