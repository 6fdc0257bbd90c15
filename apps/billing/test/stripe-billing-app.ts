import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { MessageBus } from '@ams/messaging';
import { bootServiceApp } from '@ams/service-testing';
import { eventually } from '@ams/testing';

export const PRICE_PREMIUM = 'price_1AmsPremiumMonthly';
export const PRICE_ULTIMATE = 'price_1AmsUltimateMonthly';
export const WEBHOOK_SECRET = 'whsec_test_0123456789abcdefghijklmnopqrstuv';

/** Stripe settings for a billing app that talks to `apiUrl` (a FakeStripe). */
export function stripeEnv(apiUrl: string): Record<string, string> {
  return {
    STRIPE_SECRET_KEY: 'sk_test_51AmsBillingTestKey',
    STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
    STRIPE_PRICE_PREMIUM: PRICE_PREMIUM,
    STRIPE_PRICE_ULTIMATE: PRICE_ULTIMATE,
    STRIPE_API_URL: apiUrl,
    PUBLIC_URL: 'https://app.example.com',
  };
}

export interface BillingApps {
  apps: NestFastifyApplication[];
  bus: MessageBus;
  pool: Pool;
  close(): Promise<void>;
}

/**
 * `replicas` billing apps booted in-process with `env`, on a RabbitMQ vhost of their own: other
 * billing apps (other test files, configured differently) would otherwise answer these RPCs.
 */
export async function startBilling(env: Record<string, string>, replicas = 1): Promise<BillingApps> {
  const vhost = privateVhost();
  const previous = { ...process.env };
  Object.assign(process.env, { AMQP_URL: vhost.amqpUrl, RPC_TIMEOUT_MS: '15000', ...env });
  const apps: NestFastifyApplication[] = [];
  try {
    // Imported only now: the config is validated when the module is first loaded.
    const { AppModule } = await import('../src/app.module');
    for (let i = 0; i < replicas; i++) apps.push(await bootServiceApp(AppModule));
  } catch (error) {
    for (const app of apps) await app.close();
    vhost.remove();
    throw error;
  } finally {
    process.env = previous;
  }
  const bus = apps[0]!.get(MessageBus);
  await eventually(() => apps.every((app) => app.get(MessageBus).isConnected()));
  const pool = new Pool({ connectionString: process.env['DATABASE_URL'], max: 2 });
  return {
    apps,
    bus,
    pool,
    async close() {
      for (const app of apps) await app.close();
      await pool.end();
      vhost.remove();
    },
  };
}

function privateVhost(): { amqpUrl: string; remove(): void } {
  const shared = process.env['AMQP_URL']!;
  const name = `ams-billing-stripe-${randomUUID().slice(0, 8)}`;
  const url = new URL(shared);
  const user = decodeURIComponent(url.username) || 'guest';
  try {
    execFileSync('rabbitmqctl', ['add_vhost', name], { stdio: 'ignore' });
    execFileSync('rabbitmqctl', ['set_permissions', '-p', name, user, '.*', '.*', '.*'], { stdio: 'ignore' });
  } catch {
    // No rabbitmqctl here (a remote broker): share the configured vhost and hope for quiet.
    return { amqpUrl: shared, remove: () => undefined };
  }
  url.pathname = `/${name}`;
  return {
    amqpUrl: url.toString(),
    remove: () => execFileSync('rabbitmqctl', ['delete_vhost', name], { stdio: 'ignore' }),
  };
}

/** A user of their own for each test (random email), with any columns set. */
export async function createUser(pool: Pool, columns: Record<string, unknown> = {}): Promise<string> {
  const tag = randomUUID().slice(0, 8);
  const values: Record<string, unknown> = { firebase_uid: `fb-${tag}`, email: `stripe-${tag}@example.com`, ...columns };
  const names = Object.keys(values);
  const { rows } = await pool.query(
    `INSERT INTO users (${names.join(', ')}) VALUES (${names.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING id`,
    Object.values(values),
  );
  return rows[0].id as string;
}

export async function userRow(pool: Pool, userId: string) {
  const { rows } = await pool.query(
    `SELECT subscription_tier, subscription_status, subscription_started_at, subscription_ends_at,
            subscription_synced_at, stripe_customer_id, stripe_subscription_id, billing_period_start,
            billing_period_end, uploads_this_month, searches_this_month
       FROM users WHERE id = $1`,
    [userId],
  );
  return rows[0] as {
    subscription_tier: string;
    subscription_status: string;
    subscription_started_at: Date | null;
    subscription_ends_at: Date | null;
    subscription_synced_at: Date | null;
    stripe_customer_id: string | null;
    stripe_subscription_id: string | null;
    billing_period_start: Date | null;
    billing_period_end: Date | null;
    uploads_this_month: number;
    searches_this_month: number;
  };
}

/** Outbox events about a user (subscription changes, audit records), oldest first. */
export async function outboxOf(
  pool: Pool,
  userId: string,
): Promise<{ name: string; payload: Record<string, unknown> }[]> {
  const { rows } = await pool.query(
    `SELECT event_name AS name, payload FROM outbox_events WHERE payload->>'userId' = $1 ORDER BY position`,
    [userId],
  );
  return rows as { name: string; payload: Record<string, unknown> }[];
}
