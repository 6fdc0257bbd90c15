/** The query's words worth marking: 3+ letters, each once, longest first so "cats" wins over "cat". */
export function highlightWords(query: string): string[] {
  const words = query.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return [...new Set(words.filter((word) => word.length >= 3))].sort((a, b) => b.length - a.length);
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * `text` with the query's words in <mark>. Built from React text nodes (never HTML), so a
 * snippet holding markup is shown as the characters it is.
 */
export function Highlight({ text, query }: { text: string; query: string }) {
  const words = highlightWords(query);
  if (words.length === 0) return <>{text}</>;
  const pattern = new RegExp(`(${words.map(escapeRegExp).join('|')})`, 'giu');
  // split() with one capture group alternates plain text (even) and matches (odd).
  const parts = text.split(pattern);
  return <>{parts.map((part, index) => (index % 2 === 1 ? <mark key={index}>{part}</mark> : part))}</>;
}
