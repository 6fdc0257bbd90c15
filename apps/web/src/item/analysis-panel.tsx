import { useId, type ReactNode } from 'react';
import type { Media } from '@ams/sdk';
import { formatBytes, formatDate, formatDuration, formatPercent } from '../ui/format';
import { byConfidence, readNamedScores, readStrings, readTranscript } from './analysis-data';

/** A titled block of results: a landmark region a screen reader can jump to by its heading. */
export function ResultSection({ title, children }: { title: string; children: ReactNode }) {
  const headingId = useId();
  return (
    <section className="result-section" aria-labelledby={headingId}>
      <h2 id={headingId}>{title}</h2>
      {children}
    </section>
  );
}

const None = ({ children }: { children: ReactNode }) => <p className="muted">{children}</p>;

/** Everything the analysis found. `onSeek` plays the video from a transcript timestamp. */
export function AnalysisPanel({ media, onSeek }: { media: Media; onSeek: (seconds: number) => void }) {
  const { analysis } = media;
  const labels = readNamedScores(analysis.labels).sort(byConfidence);
  const warnings = readNamedScores(analysis.contentWarnings);
  const text = readStrings(analysis.text);
  const keyPhrases = readStrings(analysis.keyPhrases);
  const showTranscript = media.fileType === 'video' || Boolean(analysis.transcription);

  return (
    <div className="analysis">
      <ResultSection title="Summary">
        {analysis.summary ? <p>{analysis.summary}</p> : <None>No summary.</None>}
      </ResultSection>

      <ResultSection title="Labels">
        {labels.length ? (
          <ul className="chips" aria-label="Labels">
            {labels.map((label, index) => (
              <li key={`${label.name}-${index}`} className="chip">
                {label.name}
                {label.confidence !== null && ` ${formatPercent(label.confidence)}`}
              </li>
            ))}
          </ul>
        ) : (
          <None>No labels found.</None>
        )}
      </ResultSection>

      <ResultSection title="Faces">
        {analysis.facesCount === null ? (
          <None>Not counted.</None>
        ) : (
          <p>{analysis.facesCount === 1 ? '1 face' : `${analysis.facesCount} faces`}</p>
        )}
      </ResultSection>

      <ResultSection title="Text found in it">
        {text.length ? (
          <ul className="plain-list">
            {text.map((line, index) => (
              <li key={index}>
                <q>{line}</q>
              </li>
            ))}
          </ul>
        ) : (
          <None>No text found.</None>
        )}
      </ResultSection>

      {showTranscript && (
        <ResultSection title="Transcript">
          <Transcript analysis={analysis} canSeek={media.fileType === 'video'} onSeek={onSeek} />
        </ResultSection>
      )}

      <ResultSection title="Sentiment">
        {analysis.sentiment ? <p>{sentimentLabel(analysis.sentiment)}</p> : <None>Not determined.</None>}
      </ResultSection>

      <ResultSection title="Content warnings">
        {warnings.length ? (
          <ul className="chips" aria-label="Content warnings">
            {warnings.map((warning, index) => (
              <li key={`${warning.name}-${index}`} className="chip chip-warning">
                {warning.name}
                {warning.confidence !== null && ` ${formatPercent(warning.confidence)}`}
              </li>
            ))}
          </ul>
        ) : (
          <None>None.</None>
        )}
      </ResultSection>

      <ResultSection title="Key phrases">
        {keyPhrases.length ? (
          <ul className="chips" aria-label="Key phrases">
            {keyPhrases.map((phrase, index) => (
              <li key={`${phrase}-${index}`} className="chip">
                {phrase}
              </li>
            ))}
          </ul>
        ) : (
          <None>No key phrases.</None>
        )}
      </ResultSection>
    </div>
  );
}

function Transcript({
  analysis,
  canSeek,
  onSeek,
}: {
  analysis: Media['analysis'];
  canSeek: boolean;
  onSeek: (seconds: number) => void;
}) {
  const lines = readTranscript(analysis);
  if (lines.length === 0) return <None>Nothing was said, or there is no audio.</None>;
  if (lines.length === 1 && lines[0].start === null) return <p className="transcript-text">{lines[0].text}</p>;
  return (
    <ol className="transcript">
      {lines.map((line, index) => (
        <li key={index}>
          {line.start !== null &&
            (canSeek ? (
              <button
                type="button"
                className="link-button timestamp"
                aria-label={`Jump to ${formatDuration(line.start)}`}
                onClick={() => onSeek(line.start!)}
              >
                {formatDuration(line.start)}
              </button>
            ) : (
              <span className="timestamp muted">{formatDuration(line.start)}</span>
            ))}
          <span>{line.text}</span>
        </li>
      ))}
    </ol>
  );
}

function sentimentLabel(sentiment: string): string {
  return sentiment.charAt(0).toUpperCase() + sentiment.slice(1).toLowerCase();
}

/** File facts and EXIF: a definition list of what is known, nothing for what is not. */
export function MetadataSection({ media }: { media: Media }) {
  const { analysis } = media;
  const rows: [string, ReactNode][] = [];
  if (analysis.camera) rows.push(['Camera', analysis.camera]);
  if (analysis.takenAt) rows.push(['Taken at', formatDate(analysis.takenAt)]);
  if (analysis.location) {
    const { latitude, longitude } = analysis.location;
    rows.push([
      'Location',
      <a
        href={`https://www.openstreetmap.org/?mlat=${latitude}&mlon=${longitude}#map=15/${latitude}/${longitude}`}
        target="_blank"
        rel="noreferrer noopener"
      >
        {latitude.toFixed(5)}, {longitude.toFixed(5)}
      </a>,
    ]);
  }
  if (media.width && media.height) rows.push(['Dimensions', `${media.width} × ${media.height}`]);
  if (media.durationSeconds !== null) rows.push(['Duration', formatDuration(media.durationSeconds)]);
  if (media.frameRate !== null) rows.push(['Frame rate', `${Number(media.frameRate.toFixed(2))} fps`]);
  if (media.hasAudio !== null) rows.push(['Audio', media.hasAudio ? 'Yes' : 'No']);
  rows.push(['Size', formatBytes(media.sizeBytes)]);
  rows.push(['Type', media.mimeType]);
  rows.push(['Uploaded', formatDate(media.uploadedAt)]);
  if (media.indexedAt) rows.push(['Searchable since', formatDate(media.indexedAt)]);
  rows.push(['Views', String(media.viewCount)]);

  const colors = analysis.dominantColors ?? [];
  return (
    <ResultSection title="Metadata">
      <dl className="facts">
        {rows.map(([term, value]) => (
          <div key={term}>
            <dt>{term}</dt>
            <dd>{value}</dd>
          </div>
        ))}
        {colors.length > 0 && (
          <div>
            <dt>Colours</dt>
            <dd>
              <ul className="chips" aria-label="Dominant colours">
                {colors.map((color) => (
                  <li key={color.hex} className="chip">
                    <span className="swatch" style={{ background: color.hex }} aria-hidden="true" />
                    {color.name} {formatPercent(color.fraction)}
                  </li>
                ))}
              </ul>
            </dd>
          </div>
        )}
      </dl>
    </ResultSection>
  );
}
