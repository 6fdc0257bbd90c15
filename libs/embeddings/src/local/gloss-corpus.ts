import type { Lexicon } from './lexicon';
import { analyzeText } from './text-analysis';
import type { Synset } from './wordnet-reader';

// Examples use a word in context; they say less about the synset than its definition does.
const EXAMPLE_WEIGHT = 0.5;
const COMPOUND_PART_WEIGHT = 0.5;

/** A lemma a synset's entry uses: one of its own words, or a word of its gloss. */
export interface EntryWord {
  lemmaId: number;
  weight: number;
}

/**
 * WordNet's entries read as a small corpus: per synset, its own lemmas and the lemmatized content
 * words of its definition and examples (the heaviest weight kept when a word recurs).
 */
export interface GlossCorpus {
  members: number[][];
  glossWords: EntryWord[][];
}

function addWord(words: Map<number, number>, lemmaId: number, weight: number): void {
  if (weight > (words.get(lemmaId) ?? 0)) words.set(lemmaId, weight);
}

export function readGlossCorpus(synsets: Synset[], lexicon: Lexicon): GlossCorpus {
  const members = synsets.map((synset) =>
    synset.words.flatMap((word) => {
      const facts = lexicon.facts(word.replace(/_/g, ' '));
      return facts ? [facts.id] : [];
    }),
  );
  const glossWords = synsets.map((synset) => {
    const words = new Map<number, number>();
    const read = (text: string, weight: number) => {
      for (const term of analyzeText(text, lexicon)) {
        for (const reading of term.readings) addWord(words, reading.lemmaId, weight * term.weight * reading.weight);
      }
    };
    read(synset.definition, 1);
    for (const example of synset.examples) read(example, EXAMPLE_WEIGHT);
    // A compound names its parts: "coffee shop" says coffee, "birthday cake" says birthday.
    for (const word of synset.words) {
      if (word.includes('_')) for (const part of word.split('_')) read(part, COMPOUND_PART_WEIGHT);
    }
    return [...words].sort((a, b) => a[0] - b[0]).map(([lemmaId, weight]) => ({ lemmaId, weight }));
  });
  return { members, glossWords };
}
