import type { AuditEntry, Usage } from '@ams/sdk';

export function usageFixture(overrides: Partial<Usage> = {}): Usage {
  return {
    tier: 'free',
    subscriptionStatus: 'active',
    periodStart: '2026-11-01T00:00:00.000Z',
    periodEnd: '2026-12-01T00:00:00.000Z',
    totalFiles: 7,
    processedFiles: 5,
    uploads: { used: 3, limit: 10, fraction: 0.3 },
    searches: { used: 42, limit: null, fraction: null },
    storageBytes: { used: 900, limit: 1000, fraction: 0.9 },
    aiCostUsd: { used: 0.5, limit: 5, fraction: 0.1, alertThreshold: 0.8 },
    maxFileSizeBytes: 10485760,
    maxVideoDurationSeconds: 60,
    rateLimitsPerHour: { api: 600, uploads: 20, searches: 120 },
    features: ['basic_search'],
    aiFeatures: [],
    ...overrides,
  };
}

export function auditEntry(overrides: Partial<AuditEntry> = {}): AuditEntry {
  return {
    id: '22222222-2222-4222-8222-222222222222',
    eventType: 'auth.sign_in',
    category: 'auth',
    action: 'sign_in',
    actorType: 'user',
    actorIdentifier: 'ada@example.com',
    targetType: null,
    targetId: null,
    description: 'Signed in',
    ipAddress: '203.0.113.9',
    userAgent: null,
    requestId: null,
    sessionId: null,
    oldValues: null,
    newValues: null,
    metadata: null,
    riskLevel: 'low',
    occurredAt: '2026-11-20T09:30:00.000Z',
    ...overrides,
  };
}
