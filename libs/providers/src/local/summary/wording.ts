const IRREGULAR_PLURALS: Record<string, string> = {
  person: 'people',
  man: 'men',
  woman: 'women',
  child: 'children',
  mouse: 'mice',
  goose: 'geese',
  foot: 'feet',
  tooth: 'teeth',
  knife: 'knives',
  leaf: 'leaves',
  wolf: 'wolves',
  shelf: 'shelves',
  sheep: 'sheep',
  fish: 'fish',
  deer: 'deer',
  glasses: 'glasses',
};

// Read without an article: "a photo of grass", not "a grass".
const UNCOUNTABLE = new Set(
  (
    'grass water snow sand food clothing apparel furniture text hair sky sunlight fog rain smoke ' +
    'fire money traffic nature scenery vegetation foliage lighting writing art music jewelry ' +
    'jewellery luggage machinery electronics outdoors indoors'
  ).split(' '),
);

/** "a dog", "an apple", "3 dogs", "2 traffic lights", "grass". */
export function counted(noun: string, count = 1): string {
  if (count > 1) return `${count} ${plural(noun)}`;
  const last = noun.split(' ').pop() ?? noun;
  if (UNCOUNTABLE.has(last)) return noun;
  return `${article(noun)} ${noun}`;
}

export function plural(noun: string): string {
  const words = noun.split(' ');
  const last = words.pop() ?? '';
  const irregular = IRREGULAR_PLURALS[last];
  let pluralLast: string;
  if (irregular) pluralLast = irregular;
  else if (UNCOUNTABLE.has(last)) pluralLast = last;
  else if (/[^aeiou]y$/.test(last)) pluralLast = `${last.slice(0, -1)}ies`;
  else if (/(s|x|z|ch|sh)$/.test(last)) pluralLast = `${last}es`;
  else pluralLast = `${last}s`;
  return [...words, pluralLast].join(' ');
}

function article(noun: string): 'a' | 'an' {
  const word = noun.toLowerCase();
  if (/^(hour|honest|honou?r|heir)/.test(word)) return 'an';
  if (/^(uni|use|usu|eu|one|ube)/.test(word)) return 'a';
  return /^[aeiou]/.test(word) ? 'an' : 'a';
}

/** "a", "a and b", "a, b and c". */
export function listed(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** "45-second", "2-minute", "1-hour"; undefined when unknown. */
export function durationAdjective(seconds: number | undefined): string | undefined {
  if (seconds === undefined || !Number.isFinite(seconds) || seconds <= 0) return undefined;
  if (seconds < 59.5) return `${Math.max(1, Math.round(seconds))}-second`;
  if (seconds < 90 * 60) return `${Math.round(seconds / 60)}-minute`;
  return `${Math.round((seconds / 3600) * 10) / 10}-hour`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "3 Jun 2024" from an ISO date or date-time, read as written (no time-zone shift). */
export function shortDate(iso: string): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso.trim());
  if (!match) return undefined;
  const month = MONTHS[Number(match[2]) - 1];
  const day = Number(match[3]);
  if (!month || day < 1 || day > 31) return undefined;
  return `${day} ${month} ${match[1]}`;
}

/** Collapsed whitespace, cut at a word boundary with an ellipsis when longer than `max`. */
export function shortened(text: string, max: number): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (clean.length <= max) return clean;
  const cut = clean.slice(0, max - 1);
  const atWord = cut.lastIndexOf(' ');
  return `${(atWord > max / 2 ? cut.slice(0, atWord) : cut).replace(/[\s,.;:-]+$/, '')}…`;
}
