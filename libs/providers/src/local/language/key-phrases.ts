import { entityTokens, type TokenTable } from './token-table';

const MAX_PHRASE_WORDS = 4;
// Nouns too vague to describe anything on their own.
const VAGUE = new Set(
  (
    'thing lot way kind sort bit stuff time today tomorrow yesterday day one something anything ' +
    'everything nothing uh um yeah okay'
  ).split(' '),
);
const CHUNK_TAGS = new Set(['ADJ', 'NOUN', 'PROPN']);
const HEAD_TAGS = new Set(['NOUN', 'PROPN']);

interface Candidate {
  text: string;
  key: string[];
  count: number;
  firstToken: number;
}

/**
 * Noun phrases (adjectives then nouns, as tagged by wink), one per lemma sequence, ranked by
 * frequency with a bonus for longer and earlier phrases.
 */
export function keyPhrases(table: TokenTable, limit: number): string[] {
  const insideEntity = entityTokens(table);
  const candidates = new Map<string, Candidate>();
  for (const [start, end] of table.units) {
    for (const chunk of nounChunks(table, start, end, insideEntity)) {
      for (const phrase of headedTails(chunk)) {
        const key = phrase.map((index) => table.lemma[index].toLowerCase());
        const found = candidates.get(key.join(' '));
        if (found) found.count++;
        else candidates.set(key.join(' '), { text: surface(table, phrase), key, count: 1, firstToken: phrase[0] });
      }
    }
  }
  const total = Math.max(table.value.length, 1);
  const score = (candidate: Candidate) =>
    candidate.count * (1 + 0.3 * (candidate.key.length - 1)) + 0.5 * (1 - candidate.firstToken / total);
  const ranked = [...candidates.values()].sort((a, b) => score(b) - score(a) || a.firstToken - b.firstToken);

  const chosen: Candidate[] = [];
  for (const candidate of ranked) {
    if (chosen.length >= limit) break;
    // "revenue" adds nothing next to "quarterly revenue", nor the other way round.
    if (chosen.some((other) => contains(other.key, candidate.key) || contains(candidate.key, other.key))) continue;
    chosen.push(candidate);
  }
  return chosen.map((candidate) => candidate.text);
}

/**
 * The chunk and its shorter endings of two words or more: "strong quarterly revenue" also counts
 * as "quarterly revenue", so a phrase said with and without a modifier adds up. A lone head noun
 * is not counted this way, or "team" would outrank "sales team" and "marketing team".
 */
function headedTails(chunk: number[]): number[][] {
  const tails = [chunk];
  for (let from = 1; chunk.length - from >= 2; from++) tails.push(chunk.slice(from));
  return tails;
}

/** Runs of adjective/noun tokens ending in a noun, trimmed of stopwords; entity tokens excluded. */
function nounChunks(table: TokenTable, start: number, end: number, insideEntity: Set<number>): number[][] {
  const chunks: number[][] = [];
  let run: number[] = [];
  const flush = () => {
    const chunk = trimChunk(table, run);
    if (chunk) chunks.push(chunk);
    run = [];
  };
  for (let index = start; index <= end; index++) {
    const fits = table.type[index] === 'word' && CHUNK_TAGS.has(table.pos[index]) && !insideEntity.has(index);
    if (fits) run.push(index);
    else flush();
  }
  flush();
  return chunks;
}

function trimChunk(table: TokenTable, run: number[]): number[] | undefined {
  let chunk = run;
  while (chunk.length > 0 && (table.stopWord[chunk[0]] || (table.pos[chunk[0]] === 'ADJ' && chunk.length === 1))) {
    chunk = chunk.slice(1);
  }
  // The head noun comes last: drop trailing adjectives and stopwords.
  while (chunk.length > 0) {
    const last = chunk[chunk.length - 1];
    if (HEAD_TAGS.has(table.pos[last]) && !table.stopWord[last]) break;
    chunk = chunk.slice(0, -1);
  }
  chunk = chunk.slice(-MAX_PHRASE_WORDS);
  if (chunk.length === 0) return undefined;
  if (chunk.every((index) => table.value[index].length < 2)) return undefined;
  if (chunk.length === 1 && VAGUE.has(table.lemma[chunk[0]].toLowerCase())) return undefined;
  return chunk;
}

/** The phrase as written, except a capital that only marks a sentence's start. */
function surface(table: TokenTable, chunk: number[]): string {
  return chunk
    .map((index) => {
      const value = table.value[index];
      return table.pos[index] !== 'PROPN' && table.letterCase[index] === 'titleCase' ? value.toLowerCase() : value;
    })
    .join(' ');
}

/** Whether `inner` occurs as a contiguous run inside `outer`. */
function contains(outer: string[], inner: string[]): boolean {
  if (inner.length > outer.length) return false;
  for (let offset = 0; offset + inner.length <= outer.length; offset++) {
    if (inner.every((word, index) => outer[offset + index] === word)) return true;
  }
  return false;
}
