import { createHash } from 'node:crypto';

/**
 * An opaque session id from what identifies a sign-in (provider, user, when or which sign-in):
 * a truncated SHA-256, so logs and the audit trail never hold token material.
 */
export function sessionIdOf(...parts: (string | number)[]): string {
  return createHash('sha256').update(parts.join('\n')).digest('hex').slice(0, 32);
}
