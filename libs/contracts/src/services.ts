/** The six services of the system; each owns its queues and its tables. */
export const SERVICE_NAMES = ['gateway', 'media', 'analysis', 'embedding-search', 'billing', 'audit'] as const;

export type ServiceName = (typeof SERVICE_NAMES)[number];

/** RabbitMQ exchanges every service declares identically. */
export const EXCHANGES = {
  /** Direct exchange for request/reply calls (routing key = contract name + target). */
  rpc: 'ams.rpc',
  /** Topic exchange for domain events (routing key = contract name). */
  events: 'ams.events',
} as const;

/** Header carrying the correlation id on HTTP requests and AMQP messages alike. */
export const CORRELATION_HEADER = 'x-correlation-id';
/** The user's client as the gateway saw it, carried on messages for the audit trail. */
export const CLIENT_IP_HEADER = 'x-client-ip';
export const CLIENT_USER_AGENT_HEADER = 'x-client-user-agent';
export const CLIENT_SESSION_HEADER = 'x-client-session';
/** Carries an outbox event's RabbitMQ priority (0–10, higher first) to the relay. */
export const PRIORITY_HEADER = 'x-ams-priority';
