import fastifyCors from '@fastify/cors';
import fastifyHelmet from '@fastify/helmet';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { CORRELATION_HEADER } from '@ams/contracts';

export interface HttpSecurityOptions {
  production: boolean;
  corsOrigins: string[];
  bodyLimitBytes: number;
  /** The web client signs in with Firebase: its auth endpoints must be reachable from the page. */
  firebaseWebClient?: boolean;
}

/** Google's endpoints the Firebase web SDK calls for email/password sign-in and token refresh. */
const FIREBASE_CONNECT_SOURCES = ['https://identitytoolkit.googleapis.com', 'https://securetoken.googleapis.com'];

/** What a browser on an allowed origin may send and read (rate-limit fields included). */
const CORS_ALLOWED_HEADERS = ['authorization', 'content-type', CORRELATION_HEADER];
const CORS_EXPOSED_HEADERS = [
  CORRELATION_HEADER,
  'RateLimit-Limit',
  'RateLimit-Remaining',
  'RateLimit-Reset',
  'RateLimit-Policy',
  'Retry-After',
];

/**
 * Security headers on every response (errors and the docs page included), a strict CORS
 * allowlist, and one JSON body limit for every route. Call before the app initialises.
 */
export async function applyHttpSecurity(app: NestFastifyApplication, options: HttpSecurityOptions): Promise<void> {
  await app.register(fastifyHelmet, {
    // Helmet's default CSP already fits the docs page (same-origin scripts, inline styles, data: images).
    contentSecurityPolicy: {
      directives: {
        // Upgrading to HTTPS would break every subresource of a gateway served over plain HTTP.
        upgradeInsecureRequests: options.production ? [] : null,
        // The web client shows media through object URLs (the bytes need the bearer token).
        imgSrc: ["'self'", 'data:', 'blob:'],
        mediaSrc: ["'self'", 'blob:'],
        connectSrc: ["'self'", ...(options.firebaseWebClient ? FIREBASE_CONNECT_SOURCES : [])],
      },
    },
    // HSTS pins browsers to HTTPS for a year: only where the gateway is served over HTTPS.
    hsts: options.production ? { maxAge: 31_536_000, includeSubDomains: true } : false,
  });
  await app.register(fastifyCors, {
    // Exact origins only; with none configured no cross-origin caller is allowed.
    origin: options.corsOrigins,
    methods: ['GET', 'POST', 'PATCH', 'DELETE'],
    allowedHeaders: CORS_ALLOWED_HEADERS,
    exposedHeaders: CORS_EXPOSED_HEADERS,
    maxAge: 600,
  });
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRoute', (route) => {
      route.bodyLimit ??= options.bodyLimitBytes;
    });
}
