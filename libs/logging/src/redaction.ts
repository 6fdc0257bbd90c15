/**
 * Paths pino censors in every log line: credentials in headers, and any field whose name says
 * it is a secret, at the top level or one or two levels down.
 */
const SECRET_KEYS = [
  'password',
  'token',
  'accessToken',
  'refreshToken',
  'idToken',
  'secret',
  'apiKey',
  'authorization',
  'cookie',
  'databaseUrl',
  'DATABASE_URL',
  'AMQP_URL',
  'privateKey',
  'secretKey',
  'webhookSecret',
  'STRIPE_SECRET_KEY',
  'STRIPE_WEBHOOK_SECRET',
  'LOCAL_AUTH_SECRET',
  'SEARCH_CURSOR_SECRET',
  'S3_SECRET_ACCESS_KEY',
  'OPENAI_API_KEY',
  'REDIS_URL',
];

export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'req.headers["stripe-signature"]',
  'res.headers["set-cookie"]',
  ...SECRET_KEYS,
  ...SECRET_KEYS.map((key) => `*.${key}`),
  ...SECRET_KEYS.map((key) => `*.*.${key}`),
];

export const REDACTED = '[redacted]';
