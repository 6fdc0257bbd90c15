import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import request from 'supertest';
import { eventually } from '@ams/testing';
import { slide } from './media-fixtures';
import { startSystem, type RunningSystem } from './running-system';

/** USD per prompt token here: one summary of 1,000 tokens costs $4.50, 90% of the free tier's $5 cap. */
const INPUT_TOKEN_PRICE = 0.0045;
const PROMPT_TOKENS = 1000;

/**
 * The cost flow across real services: a paid provider call in an analysis worker, its cost event
 * through the outbox and RabbitMQ, the billing service's cost_tracking row and job total, the
 * alert at 80% of the cap (recorded by the audit service), the dashboard, and the next paid job
 * refused before it runs because it would pass the cap.
 */
describe('AI cost tracking, alerts and the monthly cap, end to end', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ams-e2e-costs-'));
  const pool = new Pool({ connectionString: process.env['DATABASE_URL'], max: 2 });
  let chat: Server;
  let chatCalls = 0;
  let system: RunningSystem;

  beforeAll(async () => {
    // An OpenAI-compatible chat endpoint: the summary provider's real client calls it.
    chat = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        chatCalls += 1;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            id: `chatcmpl-${chatCalls}`,
            object: 'chat.completion',
            created: 1,
            model: 'gpt-4o-mini',
            choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: 'A slide.' } }],
            usage: { prompt_tokens: PROMPT_TOKENS, completion_tokens: 10, total_tokens: PROMPT_TOKENS + 10 },
          }),
        );
      });
    });
    await new Promise<void>((resolve) => chat.listen(0, '127.0.0.1', resolve));
    const { port } = chat.address() as AddressInfo;
    system = await startSystem(
      {
        DATA_DIR: dataDir,
        USER_CACHE_TTL_MS: '0',
        ANALYSIS_CONCURRENCY: '1',
        SUMMARY_PROVIDER: 'openai',
        OPENAI_API_KEY: 'sk-test-not-a-secret',
        OPENAI_BASE_URL: `http://127.0.0.1:${port}/v1`,
        PROVIDER_PRICES: JSON.stringify({ 'openai.chat.input_tokens': INPUT_TOKEN_PRICE }),
      },
      ['gateway', 'media', 'analysis', 'billing', 'audit'],
    );
  }, 180_000);

  afterAll(async () => {
    await system?.stop();
    await pool.end();
    await new Promise<void>((resolve) => chat.close(() => resolve()));
    rmSync(dataDir, { recursive: true, force: true });
  });

  const http = () => request(system.gatewayUrl);

  async function signIn(): Promise<{ auth: Record<string, string>; userId: string }> {
    const email = `costs-${Math.random().toString(36).slice(2)}@example.com`;
    const { body } = await http().post('/v1/auth/dev-token').send({ email }).expect(200);
    const auth = { authorization: `Bearer ${body.token}` };
    const me = await http().get('/v1/me').set(auth).expect(200);
    return { auth, userId: me.body.id as string };
  }

  async function uploadAndSettle(auth: Record<string, string>, word: string) {
    const { body } = await http()
      .post('/v1/media')
      .set(auth)
      .attach('file', await slide(word), `${word.toLowerCase()}.jpg`)
      .expect(201);
    let media: Record<string, any> = {};
    await eventually(async () => {
      media = (await http().get(`/v1/media/${body.id}`).set(auth).expect(200)).body;
      return ['completed', 'failed'].includes(media['status']);
    }, 120_000);
    return media;
  }

  it('records the paid call, sums the job, alerts at the threshold, and refuses the job that would pass the cap', async () => {
    const { auth, userId } = await signIn();
    const first = await uploadAndSettle(auth, 'BUDGET');
    expect(first['status']).toBe('completed');

    // The chat call's tokens, filed by billing, linked to the file and its text_analysis job.
    const { rows: jobs } = await pool.query(
      `SELECT id, actual_cost::float8 AS actual, estimated_cost::float8 AS estimated
         FROM processing_jobs WHERE media_file_id = $1 AND job_type = 'text_analysis'`,
      [first['id']],
    );
    let costs: Record<string, any>[] = [];
    await eventually(async () => {
      ({ rows: costs } = await pool.query(
        `SELECT service_name, operation_type, units_consumed::float8 AS units, amount::float8 AS amount,
                media_file_id, processing_job_id
           FROM cost_tracking WHERE user_id = $1 ORDER BY operation_type`,
        [userId],
      ));
      return costs.length === 2;
    }, 30_000);
    expect(costs[0]).toMatchObject({
      service_name: 'openai_gpt',
      operation_type: 'chat.input_tokens',
      units: PROMPT_TOKENS,
      amount: PROMPT_TOKENS * INPUT_TOKEN_PRICE,
      media_file_id: first['id'],
      processing_job_id: jobs[0].id,
    });
    expect(costs[1]).toMatchObject({ operation_type: 'chat.output_tokens', units: 10 });
    // processing_jobs.actual_cost is the sum of the job's cost rows; the estimate was made before it ran.
    expect(jobs[0].actual).toBeCloseTo(costs[0].amount + costs[1].amount, 8);
    expect(jobs[0].estimated).toBeGreaterThan(4);

    // 90% of the $5 cap: one alert, recorded in the audit trail.
    await eventually(async () => {
      const { rows } = await pool.query(
        `SELECT event_category, risk_level FROM audit_logs WHERE user_id = $1 AND event_type = 'billing.cost_alert'`,
        [userId],
      );
      return rows.length === 1 && rows[0].event_category === 'billing';
    }, 30_000);
    const usage = (await http().get('/v1/usage').set(auth).expect(200)).body;
    expect(usage.aiCostUsd).toMatchObject({ limit: 5, alertThreshold: 0.8 });
    expect(usage.aiCostUsd.used).toBeCloseTo(4.5, 3);
    expect(usage.uploads).toMatchObject({ used: 1, limit: 10, fraction: 0.1 });

    // The next file's summary would cost about as much again: refused before the call is made.
    const callsBefore = chatCalls;
    const second = await uploadAndSettle(auth, 'OVERSPEND');
    expect(second['status']).toBe('failed');
    expect(second['processing'].error).toMatch(/past your plan's \$5\.00 limit/);
    expect(chatCalls).toBe(callsBefore);
    const { rows: refused } = await pool.query(
      `SELECT status, error_code, attempts FROM processing_jobs WHERE media_file_id = $1 AND job_type = 'text_analysis'`,
      [second['id']],
    );
    expect(refused[0]).toMatchObject({ status: 'failed', error_code: 'COST_LIMIT_EXCEEDED', attempts: 0 });
    // Still one alert for the period.
    const { rows: alerts } = await pool.query(`SELECT 1 FROM billing_cost_alerts WHERE user_id = $1`, [userId]);
    expect(alerts).toHaveLength(1);
  });
});
