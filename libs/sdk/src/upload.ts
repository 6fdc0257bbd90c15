import { ApiError, apiErrorFromBody, networkFailure } from './errors';
import type { Media } from './types';

export interface UploadProgress {
  loaded: number;
  total: number;
  /** 0 to 1. */
  fraction: number;
}

export interface UploadOptions {
  /** Extra form fields the API accepts with the file (tags, is_private, custom_metadata as JSON). */
  fields?: Record<string, string>;
  onProgress?: (progress: UploadProgress) => void;
  signal?: AbortSignal;
}

interface UploadRequest extends UploadOptions {
  baseUrl: string;
  token: string | null;
  file: Blob;
  filename: string;
}

/**
 * POST /v1/media as multipart/form-data. Browsers report upload progress only through
 * XMLHttpRequest (fetch has no upload events over HTTP/1.1), so that is used where it exists;
 * elsewhere (Node) fetch sends the form and progress is reported once, at the end.
 */
export async function uploadFile(request: UploadRequest): Promise<Media> {
  const form = new FormData();
  for (const [name, value] of Object.entries(request.fields ?? {})) form.append(name, value);
  form.append('file', request.file, request.filename);
  const url = `${request.baseUrl}/v1/media`;
  if (typeof XMLHttpRequest !== 'undefined') return uploadWithXhr(url, form, request);

  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      body: form,
      headers: request.token ? { authorization: `Bearer ${request.token}` } : {},
      signal: request.signal,
    });
  } catch (cause) {
    throw networkFailure(cause);
  }
  const text = await response.text();
  if (!response.ok) throw apiErrorFromBody(response.status, text, response.headers.get('retry-after'));
  request.onProgress?.({ loaded: request.file.size, total: request.file.size, fraction: 1 });
  return JSON.parse(text) as Media;
}

function uploadWithXhr(url: string, form: FormData, request: UploadRequest): Promise<Media> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    if (request.token) xhr.setRequestHeader('authorization', `Bearer ${request.token}`);
    xhr.upload.onprogress = (event) => {
      const total = event.lengthComputable ? event.total : request.file.size;
      request.onProgress?.({ loaded: event.loaded, total, fraction: total > 0 ? Math.min(1, event.loaded / total) : 0 });
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        try {
          resolve(JSON.parse(xhr.responseText) as Media);
        } catch (cause) {
          reject(new ApiError(xhr.status, {}, `The server sent an unreadable answer (${String(cause)}).`));
        }
        return;
      }
      reject(apiErrorFromBody(xhr.status, xhr.responseText, xhr.getResponseHeader('retry-after')));
    };
    xhr.onerror = () => reject(ApiError.network(new Error('upload failed')));
    xhr.onabort = () => reject(new DOMException('The upload was cancelled.', 'AbortError'));
    if (request.signal) {
      if (request.signal.aborted) return reject(new DOMException('The upload was cancelled.', 'AbortError'));
      request.signal.addEventListener('abort', () => xhr.abort(), { once: true });
    }
    xhr.send(form);
  });
}
