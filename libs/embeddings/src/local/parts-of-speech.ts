/** WordNet's parts of speech as bits, so one lemma can record every part of speech it has. */
export const NOUN = 1;
export const VERB = 2;
export const ADJECTIVE = 4;
export const ADVERB = 8;

export type PartOfSpeech = 'n' | 'v' | 'a' | 'r';

export const POS_BIT: Record<PartOfSpeech, number> = { n: NOUN, v: VERB, a: ADJECTIVE, r: ADVERB };
