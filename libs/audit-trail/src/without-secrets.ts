/** Field names whose values never reach the audit trail, whatever an emitter passes. */
const SECRET_NAME = /pass(word)?|secret|token|authorization|cookie|signature|api[-_]?key|private[-_]?key|credential/i;

/** A copy of `values` with secret-named fields, at any depth, replaced by "[redacted]". */
export function withoutSecrets(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(values).map(([key, value]) => [key, SECRET_NAME.test(key) ? '[redacted]' : clean(value)]),
  );
}

function clean(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(clean);
  if (value && typeof value === 'object' && !(value instanceof Date))
    return withoutSecrets(value as Record<string, unknown>);
  return value;
}
