import { lemmatize, type LemmaFacts } from '../src/local/lemmatizer';
import { ADJECTIVE, NOUN, VERB } from '../src/local/parts-of-speech';
import { analyzeText, type Dictionary } from '../src/local/text-analysis';
import { tokenize } from '../src/local/tokenize';

/** A tiny dictionary: lemma → [parts of speech, SemCor frequency]. */
const ENTRIES: Record<string, [number, number]> = {
  dog: [NOUN | VERB, 44],
  glass: [NOUN, 40],
  glasses: [NOUN, 4],
  news: [NOUN, 41],
  new: [ADJECTIVE, 300],
  run: [NOUN | VERB, 400],
  stop: [NOUN | VERB, 60],
  big: [ADJECTIVE, 90],
  happy: [ADJECTIVE, 50],
  child: [NOUN, 120],
  ice: [NOUN, 20],
  cream: [NOUN, 10],
  'ice cream': [NOUN, 5],
  traffic: [NOUN, 8],
  light: [NOUN | VERB | ADJECTIVE, 200],
  'traffic light': [NOUN, 1],
  'out of doors': [NOUN, 1],
  sun: [NOUN, 30],
  drench: [VERB, 2],
};
const IDS = Object.keys(ENTRIES);

const lookup = (form: string): LemmaFacts | undefined => {
  const entry = ENTRIES[form];
  return entry && { id: IDS.indexOf(form), partsOfSpeech: entry[0], frequency: entry[1] };
};

const dictionary: Dictionary = {
  facts: lookup,
  opensPhrase: (words) => IDS.some((lemma) => lemma.startsWith(`${words} `)),
};

const lemmasOf = (word: string) => lemmatize(word, lookup).map(({ lemmaId }) => IDS[lemmaId]);

describe('lemmatize', () => {
  it('undoes regular inflections', () => {
    expect(lemmasOf('dogs')).toEqual(['dog']);
    expect(lemmasOf('stopped')).toEqual(['stop']);
    expect(lemmasOf('running')).toEqual(['run']);
    expect(lemmasOf('bigger')).toEqual(['big']);
    expect(lemmasOf('happiest')).toEqual(['happy']);
  });

  it('knows irregular forms', () => {
    expect(lemmasOf('children')).toEqual(['child']);
    expect(lemmasOf('ran')).toEqual(['run']);
  });

  it('keeps a word that is itself a lemma, only adding bases of the right part of speech', () => {
    // "news" is not the plural of the adjective "new".
    expect(lemmasOf('news')).toEqual(['news']);
    // "glasses" may be spectacles or several glasses: both, by frequency.
    const glasses = lemmatize('glasses', lookup);
    expect(glasses.map(({ lemmaId }) => IDS[lemmaId])).toEqual(['glasses', 'glass']);
    expect(glasses.reduce((sum, { weight }) => sum + weight, 0)).toBeCloseTo(1);
  });

  it('gives nothing for words the dictionary lacks', () => {
    expect(lemmasOf('zorblax')).toEqual([]);
  });
});

describe('tokenize', () => {
  it('folds case, accents and possessives, keeping codes whole', () => {
    expect(tokenize("Café: the DOG's bowl, INV-2041").map(({ word }) => word)).toEqual([
      'cafe',
      'the',
      'dog',
      'bowl',
      'inv-2041',
    ]);
  });

  it('reports where each word is', () => {
    const text = 'Hello  world';
    expect(tokenize(text).map(({ start, end }) => text.slice(start, end))).toEqual(['Hello', 'world']);
  });
});

describe('analyzeText', () => {
  const surfaces = (text: string) => analyzeText(text, dictionary).map(({ surface, weight }) => `${surface}:${weight}`);

  it('matches multi-word lemmas, longest first, with the last word inflected', () => {
    expect(surfaces('two ice creams under traffic lights')).toEqual([
      'two:1',
      'ice creams:1',
      'ice:0.3',
      'creams:0.3',
      'traffic lights:1',
      'traffic:0.3',
      'lights:0.3',
    ]);
    // Stopwords and unknown words inside a phrase add nothing of their own.
    expect(surfaces('out of doors')).toEqual(['out of doors:1']);
  });

  it('drops stopwords and keeps unknown words without readings', () => {
    const terms = analyzeText('the dog and Zorblax', dictionary);
    expect(terms.map(({ surface }) => surface)).toEqual(['dog', 'zorblax']);
    expect(terms[1].readings).toEqual([]);
  });

  it('looks up the parts of an unknown hyphenated word too', () => {
    expect(surfaces('sun-drenched')).toEqual(['sun-drenched:1', 'sun:0.3', 'drenched:0.3']);
  });
});
