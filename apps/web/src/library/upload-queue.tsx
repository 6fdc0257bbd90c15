import { useEffect, useRef, useState, type DragEvent } from 'react';
import { formatBytes } from '../ui/format';
import { phaseText, useUploads, type UploadItem } from './use-uploads';

const ACCEPT = 'image/*,video/*';

/** Drop zone, file picker and one row of progress per file sent. */
export function UploadPanel() {
  const { items, queue } = useUploads();
  return (
    <>
      <DropZone onFiles={(files) => queue.add(files)} />
      {items.length > 0 && (
        <UploadList
          items={items}
          onRetry={(key) => queue.retry(key)}
          onRemove={(key) => queue.remove(key)}
          onClearFinished={() => queue.clearFinished()}
        />
      )}
    </>
  );
}

function DropZone({ onFiles }: { onFiles: (files: File[]) => void }) {
  const input = useRef<HTMLInputElement>(null);
  // dragenter/dragleave fire for every child crossed: count them so the highlight does not flicker.
  const depth = useRef(0);
  const [dragging, setDragging] = useState(false);

  // A file dropped just beside the zone would make the browser open it and leave the app.
  useEffect(() => {
    const ignore = (event: globalThis.DragEvent) => {
      if (event.dataTransfer?.types.includes('Files')) event.preventDefault();
    };
    window.addEventListener('dragover', ignore);
    window.addEventListener('drop', ignore);
    return () => {
      window.removeEventListener('dragover', ignore);
      window.removeEventListener('drop', ignore);
    };
  }, []);

  const hasFiles = (event: DragEvent) => Array.from(event.dataTransfer?.types ?? []).includes('Files');

  return (
    <section
      aria-label="Upload files"
      className={`drop-zone${dragging ? ' dragging' : ''}`}
      onDragEnter={(event) => {
        if (!hasFiles(event)) return;
        event.preventDefault();
        depth.current += 1;
        setDragging(true);
      }}
      onDragOver={(event) => {
        if (!hasFiles(event)) return;
        event.preventDefault();
        event.dataTransfer.dropEffect = 'copy';
      }}
      onDragLeave={() => {
        depth.current = Math.max(0, depth.current - 1);
        if (depth.current === 0) setDragging(false);
      }}
      onDrop={(event) => {
        event.preventDefault();
        depth.current = 0;
        setDragging(false);
        const files = Array.from(event.dataTransfer?.files ?? []);
        if (files.length > 0) onFiles(files);
      }}
    >
      <p>
        <strong>Drop photos and videos here</strong>
        <span className="muted"> or </span>
      </p>
      <button type="button" className="primary" onClick={() => input.current?.click()}>
        Choose files
      </button>
      <input
        ref={input}
        type="file"
        multiple
        accept={ACCEPT}
        aria-label="Choose files"
        hidden
        onChange={(event) => {
          const files = Array.from(event.target.files ?? []);
          // Clear it so choosing the same file again still reports a change.
          event.target.value = '';
          if (files.length > 0) onFiles(files);
        }}
      />
    </section>
  );
}

function UploadList({
  items,
  onRetry,
  onRemove,
  onClearFinished,
}: {
  items: readonly UploadItem[];
  onRetry: (key: string) => void;
  onRemove: (key: string) => void;
  onClearFinished: () => void;
}) {
  const done = items.filter((item) => item.phase === 'completed').length;
  const failed = items.filter((item) => item.phase === 'failed').length;
  return (
    <div className="upload-panel">
      <div className="upload-head">
        <p role="status" className="small">
          {done} of {items.length} {items.length === 1 ? 'file' : 'files'} done
          {failed > 0 && `, ${failed} failed`}
        </p>
        {done > 0 && (
          <button type="button" className="link-button" onClick={onClearFinished}>
            Clear completed
          </button>
        )}
      </div>
      <ul className="upload-list" aria-label="Uploads">
        {items.map((item) => (
          <UploadRow key={item.key} item={item} onRetry={() => onRetry(item.key)} onRemove={() => onRemove(item.key)} />
        ))}
      </ul>
    </div>
  );
}

function UploadRow({ item, onRetry, onRemove }: { item: UploadItem; onRetry: () => void; onRemove: () => void }) {
  const name = item.file.name;
  // Only sending can be cancelled; later the file is on the server and the row is just dismissed.
  const cancellable = item.phase === 'waiting' || item.phase === 'uploading';
  const value = progressValue(item);
  return (
    <li className={`upload-row ${item.phase}`}>
      <div className="upload-row-head">
        <span className="upload-name" title={name}>
          {name}
        </span>
        <span className="muted small">{formatBytes(item.file.size)}</span>
      </div>
      <progress aria-label={`${name} progress`} max={1} value={value} />
      <div className="upload-row-foot">
        <span className={item.phase === 'failed' ? 'upload-error' : 'small'}>
          {phaseText(item)}
          {item.phase === 'analysing' && item.following && item.jobType && (
            <span className="muted"> · {item.jobType}</span>
          )}
        </span>
        <span className="upload-actions">
          {item.phase === 'failed' && item.failedStep && (
            <button type="button" aria-label={`Retry ${name}`} onClick={onRetry}>
              Retry
            </button>
          )}
          <button
            type="button"
            className="link-button"
            aria-label={`${cancellable ? 'Cancel' : 'Remove'} ${name}`}
            onClick={onRemove}
          >
            {cancellable ? 'Cancel' : 'Remove'}
          </button>
        </span>
      </div>
    </li>
  );
}

/** 0 to 1 for the bar; undefined (an indeterminate bar) while the analysis waits for a stream. */
function progressValue(item: UploadItem): number | undefined {
  switch (item.phase) {
    case 'waiting':
      return 0;
    case 'uploading':
      return item.uploadFraction;
    case 'analysing':
      return item.following ? item.analysisPercent / 100 : undefined;
    case 'completed':
      return 1;
    case 'failed':
      return item.failedStep === 'upload' ? item.uploadFraction : item.analysisPercent / 100;
  }
}
