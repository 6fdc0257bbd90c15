import type { ReactNode } from 'react';
import { ApiError } from '@ams/sdk';

/** The API's own message for any failure, with the code and correlation id support asks for. */
export function ErrorNotice({ error, title, onRetry }: { error: unknown; title?: string; onRetry?: () => void }) {
  const apiError = error instanceof ApiError ? error : null;
  const message = apiError?.message ?? (error as Error)?.message ?? 'Something went wrong.';
  return (
    <div className="notice notice-error" role="alert">
      {title && <strong>{title}</strong>}
      <p>{message}</p>
      {apiError && apiError.code !== 'NETWORK_ERROR' && (
        <p className="muted small">
          {apiError.code}
          {apiError.correlationId && <> · reference {apiError.correlationId}</>}
        </p>
      )}
      {onRetry && (
        <button type="button" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <div className="loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {label}
    </div>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="empty">
      <h2>{title}</h2>
      {children}
    </div>
  );
}
