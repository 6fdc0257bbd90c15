import { STOPWORDS } from './stopwords';

// Letters and digits, joined across inner hyphens and apostrophes ("INV-2041", "o'clock").
const WORD = /[\p{L}\p{N}]+(?:['-][\p{L}\p{N}]+)*/gu;

/** One word of a text as the embedder sees it. */
export interface Token {
  /** Lowercased, accents removed, possessive dropped. */
  word: string;
  /** Where the word starts in the text, for highlighting. */
  start: number;
  end: number;
}

/** Lowercase, fold accents (café → cafe) and typographic apostrophes. */
export function foldText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    .toLowerCase();
}

/**
 * Every word of a text, stopwords included (phrases such as "out of doors" need them); folding
 * keeps the text's length for ASCII, so the offsets are exact for the usual caption or transcript.
 */
export function tokenize(text: string): Token[] {
  const folded = foldText(text);
  const tokens: Token[] = [];
  for (const match of folded.matchAll(WORD)) {
    const word = match[0].replace(/'s$/, '');
    tokens.push({ word, start: match.index, end: match.index + match[0].length });
  }
  return tokens;
}

export function isStopword(word: string): boolean {
  return STOPWORDS.has(word);
}
