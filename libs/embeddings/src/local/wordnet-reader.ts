import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PartOfSpeech } from './parts-of-speech';

/** One WordNet synset: its words, its links to other synsets and its gloss. */
export interface Synset {
  pos: PartOfSpeech;
  words: string[];
  links: SynsetLink[];
  /** The definition, without the quoted examples. */
  definition: string;
  examples: string[];
}

export interface SynsetLink {
  /** WordNet's pointer symbol: `@` hypernym, `~` hyponym, `+` derivation… */
  symbol: string;
  target: number;
}

/** One sense of a lemma: the synset it names and how often SemCor tagged it. */
export interface Sense {
  lemma: string;
  synset: number;
  /** 1 for the most frequent sense of the lemma in its part of speech. */
  rank: number;
  tagCount: number;
}

export interface WordNet {
  synsets: Synset[];
  senses: Sense[];
}

export const WORDNET_FILES = [
  'data.noun',
  'data.verb',
  'data.adj',
  'data.adv',
  'index.noun',
  'index.verb',
  'index.adj',
  'index.adv',
  'index.sense',
];

const FILE_POS: [PartOfSpeech, string][] = [
  ['n', 'noun'],
  ['v', 'verb'],
  ['a', 'adj'],
  ['r', 'adv'],
];

/** Satellite adjectives (`s`) live in the adjective files. */
function filePos(pos: string): PartOfSpeech {
  return pos === 's' ? 'a' : (pos as PartOfSpeech);
}

/** Data lines, skipping the licence header (its lines start with spaces). */
function dataLines(dictDir: string, file: string): string[] {
  return readFileSync(join(dictDir, file), 'utf8')
    .split('\n')
    .filter((line) => line.length > 0 && line[0] !== ' ');
}

function parseDataLine(line: string): { offset: string; synset: Omit<Synset, 'links'>; rawLinks: string[][] } {
  const bar = line.indexOf(' | ');
  const fields = line.slice(0, bar < 0 ? line.length : bar).split(' ');
  const gloss = bar < 0 ? '' : line.slice(bar + 3).trim();
  const pos = filePos(fields[2]);
  const wordCount = parseInt(fields[3], 16);
  const words: string[] = [];
  for (let index = 0; index < wordCount; index++) {
    // Adjective markers such as "(a)" or "(ip)" follow some words.
    words.push(fields[4 + index * 2].replace(/\(.*\)$/, '').toLowerCase());
  }
  let cursor = 4 + wordCount * 2;
  const linkCount = parseInt(fields[cursor++], 10);
  const rawLinks: string[][] = [];
  for (let index = 0; index < linkCount; index++, cursor += 4) rawLinks.push(fields.slice(cursor, cursor + 4));
  const examples = [...gloss.matchAll(/"([^"]*)"/g)].map((match) => match[1]);
  const definition = gloss.replace(/"[^"]*"/g, ' ').replace(/[;\s]+$/, '');
  return { offset: fields[0], synset: { pos, words, definition, examples }, rawLinks };
}

/** Reads the WordNet dict files (data.*, index.*, index.sense) into numbered synsets and senses. */
export function readWordNet(dictDir: string): WordNet {
  const parsed: ReturnType<typeof parseDataLine>[] = [];
  const idByKey = new Map<string, number>();
  for (const [pos, name] of FILE_POS) {
    for (const line of dataLines(dictDir, `data.${name}`)) {
      const entry = parseDataLine(line);
      idByKey.set(`${pos}${entry.offset}`, parsed.length);
      parsed.push(entry);
    }
  }
  const synsets: Synset[] = parsed.map(({ synset, rawLinks }) => ({
    ...synset,
    links: rawLinks.flatMap(([symbol, offset, pos]) => {
      const target = idByKey.get(`${filePos(pos)}${offset}`);
      return target === undefined ? [] : [{ symbol, target }];
    }),
  }));

  const tagCounts = new Map<string, number>();
  for (const line of dataLines(dictDir, 'index.sense')) {
    const [key, offset, , count] = line.split(' ');
    const lemma = key.slice(0, key.indexOf('%'));
    const pos = filePos('nvasr'[parseInt(key[key.indexOf('%') + 1], 10) - 1]);
    tagCounts.set(`${lemma} ${pos}${offset}`, parseInt(count, 10));
  }

  const senses: Sense[] = [];
  for (const [pos, name] of FILE_POS) {
    for (const line of dataLines(dictDir, `index.${name}`)) {
      const fields = line.trim().split(' ');
      const lemma = fields[0];
      const synsetCount = parseInt(fields[2], 10);
      const offsets = fields.slice(fields.length - synsetCount);
      offsets.forEach((offset, index) => {
        const synset = idByKey.get(`${pos}${offset}`);
        if (synset === undefined) return;
        const tagCount = tagCounts.get(`${lemma} ${pos}${offset}`) ?? 0;
        senses.push({ lemma: lemma.replace(/_/g, ' '), synset, rank: index + 1, tagCount });
      });
    }
  }
  return { synsets, senses };
}
