import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { isIP } from 'node:net';

/** Who is on the other end of a user's request, as far as the audit trail needs to know. */
export interface ClientContext {
  ipAddress?: string;
  userAgent?: string;
  /** The sign-in session (not the token): stable across token refreshes. */
  sessionId?: string;
}

interface RequestContext {
  correlationId: string;
  client: ClientContext;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** The correlation id of the HTTP request or message being handled, if any. */
export function currentCorrelationId(): string | undefined {
  return storage.getStore()?.correlationId;
}

/** The client behind the request being handled (the gateway learns it; messages carry it on). */
export function currentClient(): ClientContext {
  return { ...storage.getStore()?.client };
}

/** Run `fn` with `id` as the current correlation id (visible to every log line inside). */
export function withCorrelationId<T>(id: string, fn: () => T): T {
  return withRequestContext(id, {}, fn);
}

/** Run `fn` as part of the request `correlationId` made by `client` (values checked first). */
export function withRequestContext<T>(correlationId: string, client: ClientContext, fn: () => T): T {
  return storage.run({ correlationId, client: checkedClient(client) }, fn);
}

/** Add to the current request's client context, e.g. the session once the token is verified. */
export function noteClient(client: ClientContext): void {
  const store = storage.getStore();
  if (store) Object.assign(store.client, checkedClient(client));
}

const SAFE_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const USER_AGENT_MAX = 500;
const SESSION_MAX = 255;

/** Accept a caller's id only when it is short and plain; otherwise start a new one. */
export function correlationIdFrom(incoming: unknown): string {
  const value = Array.isArray(incoming) ? incoming[0] : incoming;
  return typeof value === 'string' && SAFE_ID.test(value) ? value : randomUUID();
}

/** Keeps only well-formed values: they come from headers a client controls. */
function checkedClient({ ipAddress, userAgent, sessionId }: ClientContext): ClientContext {
  const checked: ClientContext = {};
  if (typeof ipAddress === 'string' && isIP(ipAddress)) checked.ipAddress = ipAddress;
  if (typeof userAgent === 'string' && userAgent.length > 0) checked.userAgent = userAgent.slice(0, USER_AGENT_MAX);
  if (typeof sessionId === 'string' && sessionId.length > 0 && sessionId.length <= SESSION_MAX)
    checked.sessionId = sessionId;
  return checked;
}
