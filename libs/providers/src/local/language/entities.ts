import { entityTokens, spanText, type TokenTable } from './token-table';

const MAX_ENTITIES = 50;

/**
 * wink's entities (DATE, TIME, MONEY, PERCENT, CARDINAL, URL, EMAIL, HASHTAG…) plus runs of
 * capitalised proper nouns as NAME. All-caps runs are left out: OCR'd signs tag as proper nouns.
 */
export function entitiesOf(table: TokenTable): { text: string; type: string }[] {
  const found = table.entities.map(({ text, type }) => ({ text, type }));
  const insideEntity = entityTokens(table);
  for (const [start, end] of table.units) {
    let run: number[] = [];
    for (let index = start; index <= end + 1; index++) {
      if (index <= end && isNameToken(table, index) && !insideEntity.has(index)) {
        run.push(index);
        continue;
      }
      // A lone capitalised word opening a sentence is as likely an ordinary word.
      if (run.length > 1 || (run.length === 1 && run[0] !== start)) {
        found.push({ text: spanText(table, [run[0], run[run.length - 1]]), type: 'NAME' });
      }
      run = [];
    }
  }
  const seen = new Set<string>();
  return found
    .filter(({ text, type }) => {
      const key = `${type}:${text.toLowerCase()}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .slice(0, MAX_ENTITIES);
}

function isNameToken(table: TokenTable, index: number): boolean {
  const letterCase = table.letterCase[index];
  const capitalised = letterCase === 'titleCase' || (letterCase === 'other' && /[A-Z]/.test(table.value[index]));
  return table.pos[index] === 'PROPN' && table.type[index] === 'word' && capitalised;
}
