import { FIELD_KEYS, type FieldName } from '../indexing/search-document';

const START = '\u0001';
const STOP = '\u0002';
const SNIPPET_CHARS = 200;
/** Which field's passage is shown first when several matched. */
const SHOW_FIRST: FieldName[] = [
  'Text',
  'Transcript',
  'Summary',
  'Labels',
  'Tags',
  'Key phrases',
  'Filename',
  'Metadata',
];

export interface Explained {
  matchedFields: string[];
  snippet: string | null;
}

const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function toHtml(marked: string): string {
  return escapeHtml(marked).replaceAll(START, '<mark>').replaceAll(STOP, '</mark>');
}

/** A passage of at most ~200 characters around the first mark, cut at word boundaries. */
function passage(text: string): string {
  if (text.length <= SNIPPET_CHARS) return text;
  const first = Math.max(0, text.indexOf(START));
  let start = Math.max(0, first - 60);
  let end = Math.min(text.length, start + SNIPPET_CHARS);
  if (start > 0) start = text.indexOf(' ', start) + 1 || start;
  if (end < text.length) end = text.lastIndexOf(' ', end) > first ? text.lastIndexOf(' ', end) : end;
  let cut = text.slice(start, end);
  // Never leave a mark open across the cut.
  if (cut.lastIndexOf(START) > cut.lastIndexOf(STOP)) cut += STOP;
  return `${start > 0 ? '…' : ''}${cut}${end < text.length ? '…' : ''}`;
}

function splitFields(marked: string): { name: FieldName | null; text: string }[] {
  return marked.split('\n').map((line) => {
    const colon = line.indexOf(': ');
    const name = colon > 0 ? line.slice(0, colon).replaceAll(START, '').replaceAll(STOP, '') : '';
    return name in FIELD_KEYS ? { name: name as FieldName, text: line.slice(colon + 2) } : { name: null, text: line };
  });
}

/**
 * What a row's marked source text says about the match: the fields where the query's words were
 * found and the best passage as safe HTML (`<mark>` around matches). `closeWords` marks words
 * that match by meaning when no word matched literally.
 */
export function explainMatch(marked: string | undefined, closeWords: (text: string) => string[] = () => []): Explained {
  if (!marked) return { matchedFields: [], snippet: null };
  let lines = splitFields(marked);
  let hits = lines.filter((line) => line.text.includes(START));
  if (hits.length === 0) {
    lines = lines.map((line) => ({ ...line, text: markWords(line.text, closeWords(line.text)) }));
    hits = lines.filter((line) => line.text.includes(START));
  }
  const matchedFields = [...new Set(hits.map((line) => (line.name ? FIELD_KEYS[line.name] : 'text')))];
  const order = (line: { name: FieldName | null }) => (line.name ? SHOW_FIRST.indexOf(line.name) : 0);
  const shown = [...(hits.length ? hits : lines)].sort((a, b) => order(a) - order(b))[0];
  return { matchedFields, snippet: shown ? toHtml(passage(shown.text)) : null };
}

function markWords(text: string, words: string[]): string {
  if (words.length === 0) return text;
  const wanted = new Set(words.map((word) => word.toLowerCase()));
  return text.replace(/[\p{L}\p{N}']+/gu, (word) => (wanted.has(word.toLowerCase()) ? `${START}${word}${STOP}` : word));
}
