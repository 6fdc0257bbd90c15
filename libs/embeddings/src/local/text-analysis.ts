import { lemmatize, type LemmaFacts, type LemmaReading } from './lemmatizer';
import { isStopword, tokenize, type Token } from './tokenize';

/** What analysis needs from a dictionary: lemma lookup and which words can open a phrase. */
export interface Dictionary {
  facts(form: string): LemmaFacts | undefined;
  /** Whether some multi-word lemma starts with these words ("ice" for "ice cream"). */
  opensPhrase(words: string): boolean;
}

/** A content word or phrase of a text. No readings means the dictionary does not know it. */
export interface Term {
  /** The word or phrase as folded ("traffic lights"). */
  surface: string;
  readings: LemmaReading[];
  /** 1 for a word or a whole phrase, less for the words inside a matched phrase. */
  weight: number;
  start: number;
  end: number;
}

// The words of "birthday party" still say something of their own, but less than the phrase.
const PHRASE_PART_WEIGHT = 0.3;

const ALPHABETIC = /^[a-z][a-z'-]*$/;

function matchPhrase(
  tokens: Token[],
  at: number,
  dictionary: Dictionary,
): { length: number; readings: LemmaReading[] } {
  // heads[k] = the first k + 1 words, as long as some multi-word lemma starts with them.
  const heads: string[] = [];
  let head = '';
  for (let next = at; next < tokens.length - 1; next++) {
    const word = tokens[next].word;
    if (!ALPHABETIC.test(word)) break;
    head = head ? `${head} ${word}` : word;
    if (!dictionary.opensPhrase(head)) break;
    heads.push(head);
  }
  // Longest first; inflect only the last word: "traffic lights" → "traffic light".
  for (let count = heads.length; count >= 1; count--) {
    const last = tokens[at + count].word;
    if (!ALPHABETIC.test(last)) continue;
    const readings = lemmatize(last, (form) => dictionary.facts(`${heads[count - 1]} ${form}`));
    if (readings.length > 0) return { length: count + 1, readings };
  }
  return { length: 0, readings: [] };
}

function wordTerm(token: Token, dictionary: Dictionary, weight: number): Term | undefined {
  if (isStopword(token.word)) return undefined;
  const readings = lemmatize(token.word, (form) => dictionary.facts(form));
  // Hyphenated words the dictionary lacks are looked up as their parts by `analyzeText`.
  return { surface: token.word, readings, weight, start: token.start, end: token.end };
}

/**
 * A text's content words, lemmatized, with WordNet's multi-word lemmas ("ice cream", "traffic
 * light") matched greedily, longest first. Stopwords are dropped; unknown words are kept as is.
 */
export function analyzeText(text: string, dictionary: Dictionary): Term[] {
  const tokens = tokenize(text);
  const terms: Term[] = [];
  for (let at = 0; at < tokens.length;) {
    const phrase = matchPhrase(tokens, at, dictionary);
    if (phrase.length > 0) {
      const parts = tokens.slice(at, at + phrase.length);
      terms.push({
        surface: parts.map((token) => token.word).join(' '),
        readings: phrase.readings,
        weight: 1,
        start: parts[0].start,
        end: parts[parts.length - 1].end,
      });
      for (const part of parts) {
        const term = wordTerm(part, dictionary, PHRASE_PART_WEIGHT);
        if (term && term.readings.length > 0) terms.push(term);
      }
      at += phrase.length;
      continue;
    }
    const term = wordTerm(tokens[at], dictionary, 1);
    if (term) terms.push(term);
    if (term && term.readings.length === 0 && term.surface.includes('-')) terms.push(...hyphenParts(term, dictionary));
    at += 1;
  }
  return terms;
}

/** "sun-drenched" is not a lemma but "sun" and "drenched" are: look them up too, lightly. */
function hyphenParts(term: Term, dictionary: Dictionary): Term[] {
  const parts = term.surface.split('-');
  return parts.flatMap((word) => {
    if (isStopword(word)) return [];
    const readings = lemmatize(word, (form) => dictionary.facts(form));
    return readings.length > 0 ? [{ ...term, surface: word, readings, weight: PHRASE_PART_WEIGHT }] : [];
  });
}
