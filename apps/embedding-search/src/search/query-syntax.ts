import type { SearchFilters } from '@ams/contracts';

/**
 * Filters typed into the box, the way people already search elsewhere:
 *   tag:beach  -tag:work  label:dog  -label:person  -word (not in the file's text)  type:video
 * Everything else is the query. Returns the remaining text and the filters it named, merged
 * with (added to) the filters given as parameters.
 */
export function parseQuerySyntax(query: string, filters: SearchFilters): { text: string; filters: SearchFilters } {
  const merged: SearchFilters = { ...filters };
  const add = (key: 'tags' | 'excludeTags' | 'labels' | 'excludeLabels' | 'excludeText', value: string) => {
    const list = merged[key] ?? [];
    if (!list.includes(value)) merged[key] = [...list, value];
  };
  const words: string[] = [];
  for (const token of query.split(/\s+/).filter(Boolean)) {
    const match = /^(-?)(tag|label|type):(.+)$/i.exec(token);
    if (match) {
      const [, minus, kind, value] = match as unknown as [string, string, string, string];
      const lowerKind = kind.toLowerCase();
      if (lowerKind === 'type' && !minus && (value === 'image' || value === 'video')) merged.fileType = value;
      else if (lowerKind === 'tag') add(minus ? 'excludeTags' : 'tags', value);
      else if (lowerKind === 'label') add(minus ? 'excludeLabels' : 'labels', value);
      else words.push(token);
      continue;
    }
    if (/^-[\p{L}\p{N}][\p{L}\p{N}'-]*$/u.test(token)) {
      add('excludeText', token.slice(1));
      continue;
    }
    words.push(token);
  }
  return { text: words.join(' '), filters: merged };
}
