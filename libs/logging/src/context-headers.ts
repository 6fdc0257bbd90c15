import { CLIENT_IP_HEADER, CLIENT_SESSION_HEADER, CLIENT_USER_AGENT_HEADER, CORRELATION_HEADER } from '@ams/contracts';
import { correlationIdFrom, currentClient, currentCorrelationId, withRequestContext } from './correlation';

/** The current request context as message headers, so the next service acts within it. */
export function contextHeaders(): Record<string, string> {
  const headers: Record<string, string> = {};
  const correlationId = currentCorrelationId();
  if (correlationId) headers[CORRELATION_HEADER] = correlationId;
  const { ipAddress, userAgent, sessionId } = currentClient();
  if (ipAddress) headers[CLIENT_IP_HEADER] = ipAddress;
  if (userAgent) headers[CLIENT_USER_AGENT_HEADER] = userAgent;
  if (sessionId) headers[CLIENT_SESSION_HEADER] = sessionId;
  return headers;
}

/** Run `fn` in the request context a message's headers carry (a new correlation id if none). */
export function withContextFrom<T>(headers: Record<string, unknown> | undefined, fn: (correlationId: string) => T): T {
  const correlationId = correlationIdFrom(headers?.[CORRELATION_HEADER]);
  const client = {
    ipAddress: headers?.[CLIENT_IP_HEADER] as string | undefined,
    userAgent: headers?.[CLIENT_USER_AGENT_HEADER] as string | undefined,
    sessionId: headers?.[CLIENT_SESSION_HEADER] as string | undefined,
  };
  return withRequestContext(correlationId, client, () => fn(correlationId));
}
