import { IRREGULAR_FORMS } from './irregular-forms';
import { ADJECTIVE, NOUN, VERB } from './parts-of-speech';

/** What the lemmatizer needs to know about a dictionary form. */
export interface LemmaFacts {
  id: number;
  /** Parts of speech the lemma has (bits of NOUN, VERB…). */
  partsOfSpeech: number;
  /** How often the lemma was seen in sense-tagged text: decides between readings. */
  frequency: number;
}

export type LemmaLookup = (form: string) => LemmaFacts | undefined;

export interface LemmaReading {
  lemmaId: number;
  weight: number;
}

// WordNet's "morphy" detachment rules: [suffix, replacement, part of speech the base must have].
const SUFFIX_RULES: readonly [string, string, number][] = [
  ['s', '', NOUN],
  ['ses', 's', NOUN],
  ['xes', 'x', NOUN],
  ['zes', 'z', NOUN],
  ['ches', 'ch', NOUN],
  ['shes', 'sh', NOUN],
  ['men', 'man', NOUN],
  ['ies', 'y', NOUN],
  ['s', '', VERB],
  ['ies', 'y', VERB],
  ['es', 'e', VERB],
  ['es', '', VERB],
  ['ied', 'y', VERB],
  ['ed', 'e', VERB],
  ['ed', '', VERB],
  ['ing', 'e', VERB],
  ['ing', '', VERB],
  ['ier', 'y', ADJECTIVE],
  ['iest', 'y', ADJECTIVE],
  ['er', '', ADJECTIVE],
  ['est', '', ADJECTIVE],
  ['er', 'e', ADJECTIVE],
  ['est', 'e', ADJECTIVE],
];

// A word that is itself a lemma ("glasses", "news") keeps most of the weight over its bases.
const SURFACE_PREFERENCE = 3;
// Readings much rarer than the best one are noise ("saw" the tool next to "see").
const MIN_RELATIVE_WEIGHT = 0.15;

function baseForms(word: string, lookup: LemmaLookup): LemmaFacts[] {
  const found = new Map<number, LemmaFacts>();
  const add = (form: string, requiredPos: number) => {
    const facts = lookup(form);
    if (facts && facts.partsOfSpeech & requiredPos) found.set(facts.id, facts);
  };
  for (const base of IRREGULAR_FORMS.get(word) ?? []) add(base, NOUN | VERB | ADJECTIVE);
  for (const [suffix, replacement, pos] of SUFFIX_RULES) {
    if (word.length <= suffix.length + 1 || !word.endsWith(suffix)) continue;
    const stem = word.slice(0, -suffix.length);
    add(stem + replacement, pos);
    // stopped → stop, bigger → big: English doubles a final consonant before these suffixes.
    const doubled = replacement === '' && /([b-df-hj-np-tv-z])\1$/.test(stem);
    if (doubled && suffix !== 's') add(stem.slice(0, -1), pos);
  }
  return [...found.values()];
}

/**
 * The dictionary forms a word may be, weighted by how common each is: "dogs" → dog, "ran" → run,
 * "glasses" → mostly glasses, a little glass. Empty when the word is not in the dictionary.
 */
export function lemmatize(word: string, lookup: LemmaLookup): LemmaReading[] {
  const surface = lookup(word);
  const candidates = baseForms(word, lookup).filter((facts) => facts.id !== surface?.id);
  const weighted = candidates.map((facts) => ({ lemmaId: facts.id, weight: facts.frequency + 1 }));
  if (surface) weighted.unshift({ lemmaId: surface.id, weight: (surface.frequency + 1) * SURFACE_PREFERENCE });
  if (weighted.length <= 1) return weighted.map((reading) => ({ ...reading, weight: 1 }));
  const best = Math.max(...weighted.map((reading) => reading.weight));
  const kept = weighted.filter((reading) => reading.weight >= best * MIN_RELATIVE_WEIGHT);
  const total = kept.reduce((sum, reading) => sum + reading.weight, 0);
  return kept.map((reading) => ({ lemmaId: reading.lemmaId, weight: reading.weight / total }));
}
