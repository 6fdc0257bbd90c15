/**
 * `attachment` with the name twice (RFC 6266): an ASCII `filename` for old clients and an exact UTF-8
 * `filename*`. Quotes, backslashes, control and non-ASCII characters never reach the quoted form.
 */
export function attachmentDisposition(downloadName: string): string {
  const fallback = downloadName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeRfc5987(downloadName)}`;
}

// encodeURIComponent leaves ' ( ) * unescaped, which RFC 5987 `attr-char` does not allow.
function encodeRfc5987(value: string): string {
  return encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
