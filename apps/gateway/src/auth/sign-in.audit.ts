import { Injectable, Logger } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { AuthProvider, VerifiedIdentity } from '@ams/auth';
import { AuditTrail, type AuditFacts } from '@ams/audit-trail';
import { normalizeIp } from '@nestjs/throttler';
import { OncePerWindow } from '../rate-limit/once-per-window';
import type { SignedInUser } from '../users/signed-in-user';

/** Why a protected route refused its caller (never the token itself). */
export type SignInFailure =
  | 'missing_token'
  | 'malformed_header'
  | 'token_malformed'
  | 'token_expired'
  | 'token_invalid'
  | 'account_suspended'
  | 'account_deleted'
  | 'no_usable_email'
  | 'email_in_use';

/**
 * A session is recorded once; the marker outlives any one ID token (Firebase refreshes them
 * hourly) and lapses after a week, so a session in use for weeks shows up about weekly.
 */
const SESSION_MARKER_SECONDS = 7 * 24 * 3600;
/** A token without a session id: its user's sign-ins are recorded at most hourly. */
const SESSIONLESS_MARKER_SECONDS = 3600;
/**
 * Failures are recorded once per client IP, reason and route pattern per minute: an anonymous
 * client hammering the API (or a broken app retrying) leaves one entry a minute per route, not
 * one per request, whatever the request volume; the first of each minute keeps the evidence.
 */
const FAILURE_WINDOW_SECONDS = 60;

/** The sign-in side of the audit trail: `auth.signed_in` once per session, `auth.sign_in_failed` per window. */
@Injectable()
export class SignInAudit {
  private readonly logger = new Logger(SignInAudit.name);

  constructor(
    private readonly audit: AuditTrail,
    private readonly once: OncePerWindow,
  ) {}

  /** Fire-and-forget: the request never waits for the marker or the entry. */
  signedIn(user: SignedInUser, identity: VerifiedIdentity, provider: AuthProvider['kind']): void {
    const [key, window] = identity.sessionId
      ? [`signed-in:${identity.sessionId}`, SESSION_MARKER_SECONDS]
      : [`signed-in:user:${user.id}`, SESSIONLESS_MARKER_SECONDS];
    this.afterClaim(key, window, (claim) => ({
      type: 'auth.signed_in',
      facts: {
        userId: user.id,
        actorIdentifier: user.email,
        targetType: 'user',
        targetId: user.id,
        // newSession null: Redis could not confirm this is the session's first request.
        metadata: { provider, newSession: claim === 'first' ? true : null },
      },
    }));
  }

  /** A refused protected request; `userId` only when the token's user is known (e.g. suspended). */
  failed(request: FastifyRequest, reason: SignInFailure, userId: string | null = null): void {
    const route = `${request.method} ${request.routeOptions.url ?? ''}`;
    const key = `sign-in-failed:${normalizeIp(request.ip)}:${reason}:${route}`;
    this.afterClaim(key, FAILURE_WINDOW_SECONDS, () => ({
      type: 'auth.sign_in_failed',
      facts: {
        userId,
        targetType: userId ? 'user' : undefined,
        targetId: userId,
        description: `Sign-in refused: ${reason.replaceAll('_', ' ')}`,
        metadata: { reason, route },
        // A token that fails verification is forged or tampered with, not an honest mistake.
        risk: reason === 'token_invalid' ? 'high' : undefined,
      },
    }));
  }

  private afterClaim(
    key: string,
    windowSeconds: number,
    entry: (claim: 'first' | 'first-here') => { type: 'auth.signed_in' | 'auth.sign_in_failed'; facts: AuditFacts },
  ): void {
    void this.once
      .claim(key, windowSeconds)
      .then((claim) => {
        if (claim === 'repeat') return;
        const { type, facts } = entry(claim);
        this.audit.record(type, facts);
      })
      .catch((error: unknown) => this.logger.warn({ err: (error as Error).message }, 'sign-in not audited'));
  }
}
