import type { ItsFunction, WinkMethods } from 'wink-nlp';

/** One document's tokens as parallel columns, read out of wink once. */
export interface TokenTable {
  value: string[];
  lemma: string[];
  pos: string[];
  type: string[];
  stopWord: boolean[];
  letterCase: string[];
  precedingSpaces: string[];
  /** Spans of text to score on their own: sentences, cut again at line breaks (OCR lines). */
  units: [number, number][];
  /** Token spans wink recognised as entities (dates, money…), with their type. */
  entities: { span: [number, number]; text: string; type: string }[];
}

export function tokenTable(nlp: WinkMethods, text: string): TokenTable {
  const { its } = nlp;
  const doc = nlp.readDoc(text);
  const tokens = doc.tokens();
  const table: TokenTable = {
    value: tokens.out(its.value) as string[],
    // Typed as needing addons, which the lite model brings itself.
    lemma: tokens.out(its.lemma as ItsFunction<string>) as string[],
    pos: tokens.out(its.pos) as string[],
    type: tokens.out(its.type) as string[],
    stopWord: tokens.out(its.stopWordFlag) as boolean[],
    letterCase: tokens.out(its.case) as string[],
    precedingSpaces: tokens.out(its.precedingSpaces) as string[],
    units: [],
    entities: [],
  };
  const sentences = doc.sentences().out(its.span) as unknown as [number, number][];
  table.units = sentences.flatMap((span) => splitAtLineBreaks(span, table.type));
  const spans = doc.entities().out(its.span) as unknown as [number, number][];
  const details = doc.entities().out(its.detail) as unknown as { value: string; type: string }[];
  table.entities = spans.map((span, index) => ({ span, text: details[index].value, type: details[index].type }));
  return table;
}

function splitAtLineBreaks([start, end]: [number, number], types: string[]): [number, number][] {
  const units: [number, number][] = [];
  let from = start;
  for (let index = start; index <= end; index++) {
    if (types[index] !== 'tabCRLF') continue;
    if (index > from) units.push([from, index - 1]);
    from = index + 1;
  }
  if (from <= end) units.push([from, end]);
  return units;
}

/** The tokens of a span joined back with single spaces where the text had any. */
export function spanText(table: TokenTable, [start, end]: [number, number]): string {
  let text = '';
  for (let index = start; index <= end; index++) {
    text += (index > start && table.precedingSpaces[index] ? ' ' : '') + table.value[index];
  }
  return text;
}

/** Indexes of the tokens inside any of wink's entities. */
export function entityTokens(table: TokenTable): Set<number> {
  const tokens = new Set<number>();
  for (const { span } of table.entities) for (let index = span[0]; index <= span[1]; index++) tokens.add(index);
  return tokens;
}
