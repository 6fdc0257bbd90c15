import type { AnalysisResult, SegmentResult } from '@ams/contracts';
import type { MediaSearchFacts, SegmentType, WeightedDocument } from '@ams/db';
import type { EmbeddingDocument, EmbeddingField } from '@ams/embeddings';

/**
 * What each field of a file is worth, to the vector (weight) and to full-text ranking (class A–D).
 * Names people give (tags, filename) and what the detectors saw rank highest; a long transcript
 * is evidence spread thin, custom metadata is often ids and noise.
 */
const FIELDS = {
  Tags: { weight: 1.5, rank: 'a' },
  Labels: { weight: 1.2, rank: 'a' },
  Filename: { weight: 0.8, rank: 'a' },
  Summary: { weight: 1.0, rank: 'b' },
  Text: { weight: 1.0, rank: 'b' },
  Transcript: { weight: 0.9, rank: 'c' },
  'Key phrases': { weight: 0.7, rank: 'c' },
  Metadata: { weight: 0.4, rank: 'd' },
} as const satisfies Record<string, { weight: number; rank: keyof WeightedDocument }>;

export type FieldName = keyof typeof FIELDS;

/** How the API names each field in `matchedFields`. */
export const FIELD_KEYS: Record<FieldName, string> = {
  Tags: 'tags',
  Labels: 'labels',
  Filename: 'filename',
  Summary: 'summary',
  Text: 'text',
  Transcript: 'transcript',
  'Key phrases': 'keyPhrases',
  Metadata: 'customMetadata',
};

/** Past this, a full document's transcript is cut: the audio segments carry all of it. */
const FULL_TRANSCRIPT_CHARS = 6_000;
/** Speech phrases are merged into passages of about this length, so each says something. */
const AUDIO_PASSAGE_SECONDS = 20;
/** Labels below this confidence are left out of what is embedded. */
const MIN_LABEL_CONFIDENCE = 0.4;

/** One row to embed: its fields, where it sits in a video, and its full-text document. */
export interface RowToIndex {
  fields: EmbeddingField[];
  segmentType: SegmentType;
  startTimeSeconds: number | null;
  endTimeSeconds: number | null;
  sourceQuality: 'high' | 'medium' | 'low';
}

export function field(name: FieldName, text: string): EmbeddingField {
  return { name, text: text.replace(/\s+/g, ' ').trim(), weight: FIELDS[name].weight };
}

/** `Name: text` lines: what is stored as source_text and embedded by providers that take plain text. */
export function sourceTextOf(fields: readonly EmbeddingField[]): string {
  return fields
    .filter((f) => f.text.length > 0)
    .map((f) => `${f.name}: ${f.text}`)
    .join('\n');
}

/** Fields back from stored source_text (re-embedding with another model). Unknown lines are kept as text. */
export function fieldsOfSourceText(sourceText: string): EmbeddingField[] {
  return sourceText
    .split('\n')
    .map((line) => {
      const colon = line.indexOf(': ');
      const name = colon > 0 ? line.slice(0, colon) : '';
      return name in FIELDS ? field(name as FieldName, line.slice(colon + 2)) : field('Text', line);
    })
    .filter((f) => f.text.length > 0);
}

/** The field's text by full-text weight class. */
export function weightedDocument(fields: readonly EmbeddingField[]): WeightedDocument {
  const document: WeightedDocument = { a: '', b: '', c: '', d: '' };
  for (const f of fields) {
    const rank = f.name in FIELDS ? FIELDS[f.name as FieldName].rank : 'b';
    document[rank] = `${document[rank]} ${f.text}`.trim();
  }
  return document;
}

export function embeddingDocument(row: Pick<RowToIndex, 'fields'>): EmbeddingDocument {
  return { fields: row.fields.filter((f) => f.text.length > 0) };
}

/** "IMG_2041-beach_trip.jpg" → "IMG 2041 beach trip": words a person might search for. */
export function filenameWords(filename: string): string {
  return filename
    .replace(/\.[A-Za-z0-9]{1,5}$/, '')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/[_\-.+]+/g, ' ')
    .trim();
}

/** "key: value" pairs of the user's custom metadata, nested objects flattened, ids and blobs kept short. */
export function metadataText(metadata: Record<string, unknown>): string {
  const parts: string[] = [];
  const walk = (value: unknown, key: string) => {
    if (parts.join(' ').length > 2_000) return;
    if (value === null || value === undefined) return;
    if (typeof value === 'object') {
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) walk(v, k);
      return;
    }
    parts.push(`${key.replace(/[_-]+/g, ' ')} ${String(value).slice(0, 200)}`);
  };
  walk(metadata, '');
  return parts.join(', ').trim();
}

function labelNames(labels: readonly { name: string; confidence: number }[]): string {
  return [...new Set(labels.filter((l) => l.confidence >= MIN_LABEL_CONFIDENCE).map((l) => l.name))].join(', ');
}

/** The `full` row: everything known about the file. */
export function fullRow(facts: MediaSearchFacts): RowToIndex {
  const transcript = (facts.transcription ?? '').slice(0, FULL_TRANSCRIPT_CHARS);
  const fields = [
    field('Summary', facts.summary ?? ''),
    field('Labels', labelNames(facts.labels)),
    field('Text', facts.text.join(' · ')),
    field('Transcript', transcript),
    field('Key phrases', facts.keyPhrases.join(', ')),
    field('Tags', facts.tags.join(', ')),
    field('Filename', filenameWords(facts.originalFilename || facts.filename)),
    field('Metadata', metadataText(facts.customMetadata)),
  ].filter((f) => f.text.length > 0);
  const substance = fields.filter((f) => f.name !== 'Filename' && f.name !== 'Metadata').length;
  return {
    fields,
    segmentType: 'full',
    startTimeSeconds: facts.fileType === 'video' ? 0 : null,
    endTimeSeconds: facts.fileType === 'video' ? facts.durationSeconds : null,
    sourceQuality: substance >= 3 ? 'high' : substance >= 1 ? 'medium' : 'low',
  };
}

/**
 * A video's moments: what each keyframe shows (`visual`), what is said in passages of about 20 s
 * (`audio`), and both together per passage (`temporal`), so "where she talks about the budget
 * in front of the whiteboard" lands on a time.
 */
export function segmentRows(segments: readonly SegmentResult[]): RowToIndex[] {
  const visual = segments
    .filter((s) => s.kind === 'visual')
    .map((s) => ({
      s,
      fields: [field('Labels', labelNames(s.labels)), field('Text', s.text.join(' · '))].filter((f) => f.text),
    }))
    .filter(({ fields }) => fields.length > 0);
  const rows: RowToIndex[] = mergeSameVisuals(visual).map(({ start, end, fields }) => ({
    fields,
    segmentType: 'visual',
    startTimeSeconds: start,
    endTimeSeconds: end,
    sourceQuality: 'medium',
  }));

  for (const passage of audioPassages(segments)) {
    const transcript = field('Transcript', passage.text);
    rows.push({
      fields: [transcript],
      segmentType: 'audio',
      startTimeSeconds: passage.start,
      endTimeSeconds: passage.end,
      sourceQuality: 'high',
    });
    const seen = visual.filter(({ s }) => s.start < passage.end && s.end > passage.start);
    if (seen.length === 0) continue;
    const labels = seen.flatMap(({ s }) => s.labels);
    const text = [...new Set(seen.flatMap(({ s }) => s.text))];
    rows.push({
      fields: [transcript, field('Labels', labelNames(labels)), field('Text', text.join(' · '))].filter((f) => f.text),
      segmentType: 'temporal',
      startTimeSeconds: passage.start,
      endTimeSeconds: passage.end,
      sourceQuality: 'high',
    });
  }
  return rows;
}

/** Consecutive keyframes that show the same thing become one stretch. */
function mergeSameVisuals(visual: { s: SegmentResult; fields: EmbeddingField[] }[]) {
  const merged: { start: number; end: number; fields: EmbeddingField[]; key: string }[] = [];
  for (const { s, fields } of [...visual].sort((a, b) => a.s.start - b.s.start)) {
    const key = sourceTextOf(fields);
    const last = merged.at(-1);
    if (last && last.key === key && s.start <= last.end + 0.5) last.end = Math.max(last.end, s.end);
    else merged.push({ start: s.start, end: s.end, fields, key });
  }
  return merged;
}

function audioPassages(segments: readonly SegmentResult[]): { start: number; end: number; text: string }[] {
  const phrases = segments.filter((s) => s.kind === 'audio' && s.transcript?.trim()).sort((a, b) => a.start - b.start);
  const passages: { start: number; end: number; text: string }[] = [];
  for (const phrase of phrases) {
    const last = passages.at(-1);
    if (last && phrase.end - last.start <= AUDIO_PASSAGE_SECONDS) {
      last.end = Math.max(last.end, phrase.end);
      last.text = `${last.text} ${phrase.transcript!.trim()}`;
    } else passages.push({ start: phrase.start, end: phrase.end, text: phrase.transcript!.trim() });
  }
  return passages;
}

/** Facts as analysis reported them, before the media service has stored them (analysis.completed). */
export function withAnalysis(facts: MediaSearchFacts, result: AnalysisResult): MediaSearchFacts {
  return {
    ...facts,
    summary: result.summary,
    labels: result.labels,
    facesCount: result.facesCount,
    text: result.text,
    transcription: result.transcription,
    keyPhrases: result.keyPhrases,
  };
}
