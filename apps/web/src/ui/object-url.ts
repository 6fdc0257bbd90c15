import { useEffect, useState } from 'react';
import type { AmsClient } from '@ams/sdk';
import { useClient } from '../services';

/**
 * Media links need the bearer token, which <img> and <video> cannot send: the bytes are fetched
 * with it and shown through object URLs. Thumbnails are kept (a bounded cache, oldest dropped
 * first); larger files are released when their component goes away.
 */
const THUMBNAIL_CACHE_SIZE = 500;
const thumbnails = new Map<string, Promise<string>>();

export function cachedObjectUrl(client: AmsClient, path: string): Promise<string> {
  const hit = thumbnails.get(path);
  if (hit) {
    thumbnails.delete(path);
    thumbnails.set(path, hit);
    return hit;
  }
  const pending = client.blob(path).then((blob) => URL.createObjectURL(blob));
  pending.catch(() => thumbnails.delete(path));
  thumbnails.set(path, pending);
  if (thumbnails.size > THUMBNAIL_CACHE_SIZE) {
    const [oldest, url] = thumbnails.entries().next().value as [string, Promise<string>];
    thumbnails.delete(oldest);
    void url.then((u) => URL.revokeObjectURL(u)).catch(() => undefined);
  }
  return pending;
}

export interface ObjectUrlState {
  url: string | null;
  error: unknown;
}

/** An object URL for `path` (null = nothing to load); `cache` for small, often-seen images. */
export function useObjectUrl(path: string | null, { cache = false, enabled = true } = {}): ObjectUrlState {
  const client = useClient();
  const [state, setState] = useState<ObjectUrlState>({ url: null, error: null });
  useEffect(() => {
    if (!path || !enabled) return;
    let current = true;
    let owned: string | null = null;
    const controller = new AbortController();
    const pending = cache
      ? cachedObjectUrl(client, path)
      : client.blob(path, controller.signal).then((blob) => (owned = URL.createObjectURL(blob)));
    pending.then(
      (url) => current && setState({ url, error: null }),
      (error: unknown) => current && (error as Error)?.name !== 'AbortError' && setState({ url: null, error }),
    );
    return () => {
      current = false;
      controller.abort();
      if (owned) URL.revokeObjectURL(owned);
    };
  }, [client, path, cache, enabled]);
  return state;
}
