/** The query's words worth marking: 3+ letters, each once, longest first so "cats" wins over "cat". */
export function highlightWords(query: string): string[] {
  const words = query.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return [...new Set(words.filter((word) => word.length >= 3))].sort((a, b) => b.length - a.length);
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
const unescapeHtml = (text: string) => text.replace(/&(?:amp|lt|gt|quot|#39);/g, (entity) => ENTITIES[entity] ?? entity);

/**
 * A search snippet with what matched in <mark>. The API sends snippets as escaped text with
 * `<mark>` around the words it matched (stems and synonyms included); those marks are kept and
 * the rest is shown as plain characters (React text nodes, never HTML). A snippet without marks
 * gets the query's own words marked instead.
 */
export function Highlight({ text, query }: { text: string; query: string }) {
  if (text.includes('<mark>')) {
    // split() with one capture group alternates plain text (even) and marked text (odd).
    const parts = text.split(/<mark>(.*?)<\/mark>/s).map(unescapeHtml);
    return <>{parts.map((part, index) => (index % 2 === 1 ? <mark key={index}>{part}</mark> : part))}</>;
  }
  const words = highlightWords(query);
  if (words.length === 0) return <>{text}</>;
  const pattern = new RegExp(`(${words.map(escapeRegExp).join('|')})`, 'giu');
  const parts = text.split(pattern);
  return <>{parts.map((part, index) => (index % 2 === 1 ? <mark key={index}>{part}</mark> : part))}</>;
}
