import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, type ChannelModel } from 'amqplib';
import { Pool } from 'pg';
import request from 'supertest';
import { freePort, launchService, stopServices, waitForReady, type RunningService } from '@ams/devstack';
import { eventually } from '@ams/testing';
import { facesPhoto, slide, spokenVideo } from './media-fixtures';
import { startSystem, type RunningSystem } from './running-system';

/** Tight timings so retries, leases and sweeps happen within a test. */
const ANALYSIS_ENV = {
  JOB_LEASE_MS: '4000',
  JOB_SWEEP_INTERVAL_MS: '500',
  JOB_RETRY_BASE_MS: '300',
  JOB_RETRY_MAX_MS: '2000',
  ANALYSIS_CONCURRENCY: '2',
  RPC_TIMEOUT_MS: '15000',
};

interface ServerEvent {
  event: string;
  data: Record<string, unknown>;
}

/** Uploads analysed by real analysis worker processes, with the local offline models. */
describe('the analysis pipeline, end to end', () => {
  let system: RunningSystem;
  let workers: { service: RunningService; output: () => string }[] = [];
  let dataDir: string;
  let pool: Pool;
  let broker: ChannelModel;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ams-e2e-analysis-'));
    const env = { DATA_DIR: dataDir, USER_CACHE_TTL_MS: '0', ...ANALYSIS_ENV };
    system = await startSystem(env, ['gateway', 'media']);
    pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 2 });
    broker = await connect(process.env.AMQP_URL!);
    // A first start declares the analysis queues; while no worker runs, one upload loses its bytes.
    await stopServices([(await launchWorker(env)).service]);
    vanished = await uploadVanishing();
    workers = await Promise.all([launchWorker(env), launchWorker(env)]);
  }, 240_000);

  let vanished: { auth: Record<string, string>; id: string; path: string; jpeg: Buffer; deadBefore: number };

  async function uploadVanishing() {
    const auth = await signIn();
    const jpeg = await slide('VANISHED');
    const channel = await broker.createChannel();
    const deadBefore = (await channel.assertQueue('analysis.work.dead', { durable: true })).messageCount;
    await channel.close();
    const id = await upload(auth, jpeg, 'vanished.jpg');
    const { rows } = await pool.query(`SELECT s3_key FROM media_files WHERE id = $1`, [id]);
    const path = join(dataDir, 'media', rows[0].s3_key);
    unlinkSync(path);
    return { auth, id, path, jpeg, deadBefore };
  }

  async function deadLettered(): Promise<number> {
    const channel = await broker.createChannel();
    const { messageCount } = await channel.checkQueue('analysis.work.dead');
    await channel.close();
    return messageCount;
  }

  afterAll(async () => {
    await stopServices(workers.map((worker) => worker.service));
    await system?.stop();
    await pool?.end();
    await broker?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function launchWorker(env: Record<string, string>) {
    const service = launchService(
      'analysis',
      await freePort(),
      {
        DATABASE_URL: process.env.DATABASE_URL!,
        AMQP_URL: process.env.AMQP_URL!,
        REDIS_URL: process.env.REDIS_URL!,
        LOG_LEVEL: 'info',
        ...env,
      },
      'pipe',
    );
    let output = '';
    service.process.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    service.process.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await waitForReady([service], 90_000);
    return { service, output: () => output };
  }

  const http = () => request(system.gatewayUrl);

  async function signIn(): Promise<Record<string, string>> {
    const email = `analysis-${Math.random().toString(36).slice(2)}@example.com`;
    const { body } = await http().post('/v1/auth/dev-token').send({ email }).expect(200);
    return { authorization: `Bearer ${body.token}` };
  }

  async function upload(auth: Record<string, string>, file: Buffer, filename: string): Promise<string> {
    const { body } = await http().post('/v1/media').set(auth).attach('file', file, filename).expect(201);
    return body.id as string;
  }

  const detail = async (auth: Record<string, string>, id: string) =>
    (await http().get(`/v1/media/${id}`).set(auth).expect(200)).body;

  const jobsOf = async (auth: Record<string, string>, id: string) =>
    (await http().get(`/v1/media/${id}/jobs`).set(auth).expect(200)).body.jobs as Record<string, unknown>[];

  async function settled(auth: Record<string, string>, id: string, timeoutMs = 120_000) {
    await eventually(async () => ['completed', 'failed'].includes((await detail(auth, id)).status), timeoutMs);
    return detail(auth, id);
  }

  /** Read the event stream until the server ends it. */
  async function eventStream(auth: Record<string, string>, id: string): Promise<ServerEvent[]> {
    const response = await fetch(`${system.gatewayUrl}/v1/media/${id}/events`, { headers: auth });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const text = await response.text();
    return text
      .split('\n\n')
      .map((block) => {
        const event = /^event: ?(.+)$/m.exec(block)?.[1];
        const data = /^data: ?(.+)$/m.exec(block)?.[1];
        return event && data ? { event, data: JSON.parse(data) as Record<string, unknown> } : null;
      })
      .filter((event): event is ServerEvent => event !== null);
  }

  it('analyses a photo: faces, text, labels, summary; live progress over server-sent events', async () => {
    const auth = await signIn();
    const id = await upload(auth, facesPhoto(), 'friends.jpg');
    const events = await eventStream(auth, id);

    const statuses = events.filter((e) => e.event === 'status').map((e) => e.data.status);
    expect(statuses.at(-1)).toBe('completed');
    const jobEvents = events.filter((e) => e.event === 'job').map((e) => e.data);
    expect(jobEvents.some((job) => job.jobType === 'image_analysis' && job.status === 'completed')).toBe(true);

    const media = await detail(auth, id);
    expect(media.status).toBe('completed');
    expect(media.processing.startedAt).not.toBeNull();
    expect(media.processing.completedAt).not.toBeNull();
    expect(media.analysis.facesCount).toBeGreaterThanOrEqual(3);
    expect(media.analysis.labels.map((label: { name: string }) => label.name)).toContain('person');
    expect(media.analysis.summary.length).toBeGreaterThan(10);
    expect(media.analysis.dominantColors.length).toBeGreaterThan(0);

    const jobs = await jobsOf(auth, id);
    const byType = Object.fromEntries(jobs.map((job) => [job.jobType, job]));
    expect(byType.image_analysis).toMatchObject({ status: 'completed', progressPercentage: 100, attempts: 1 });
    expect(byType.text_analysis).toMatchObject({ status: 'completed' });
    // Handed to embedding-search, which completes it.
    expect(byType.embedding_generation).toBeDefined();
  });

  it('reads the words on a slide', async () => {
    const auth = await signIn();
    const id = await upload(auth, await slide('QUARTERLY REVENUE'), 'q3.jpg');
    const media = await settled(auth, id);
    expect(media.status).toBe('completed');
    expect(media.analysis.text.join(' ').toUpperCase()).toContain('REVENUE');
  });

  it('analyses a video: keyframes with times, the speech transcribed, sentiment over both', async () => {
    const auth = await signIn();
    const dir = mkdtempSync(join(dataDir, 'video-'));
    const clip = spokenVideo(dir, await slide('HAPPY BIRTHDAY'), 'Happy birthday to you. This is a wonderful party.');
    const id = await upload(auth, clip, 'party.mp4');
    const media = await settled(auth, id);
    expect(media.status).toBe('completed');
    expect(media.analysis.transcription.toLowerCase()).toMatch(/birthday|party|wonderful/);
    // What was said when, for the transcript's clickable timestamps.
    const said = media.analysis.transcriptSegments as { start: number; end: number; text: string }[];
    expect(said.length).toBeGreaterThan(0);
    expect(said.map((segment) => segment.text).join(' ').toLowerCase()).toMatch(/birthday|party|wonderful/);
    for (const segment of said) expect(segment.end).toBeGreaterThan(segment.start);
    expect(media.analysis.sentiment).toBe('POSITIVE');

    const { rows } = await pool.query(
      `SELECT job_type, result_data FROM processing_jobs WHERE media_file_id = $1 AND job_type IN ('video_analysis', 'transcription')`,
      [id],
    );
    const visual = rows.find((row) => row.job_type === 'video_analysis').result_data;
    expect(visual.segments.length).toBeGreaterThan(0);
    expect(visual.segments[0]).toMatchObject({ kind: 'visual', start: 0 });
    const speech = rows.find((row) => row.job_type === 'transcription').result_data;
    expect(speech.segments.length).toBeGreaterThan(0);
    expect(speech.segments[0].end).toBeGreaterThan(speech.segments[0].start);
  });

  it('completes a video whose audio track is empty, with an empty transcript', async () => {
    const auth = await signIn();
    const path = join(mkdtempSync(join(dataDir, 'mute-')), 'mute.mp4');
    execFileSync('ffmpeg', [
      '-nostdin',
      '-v',
      'error',
      '-y',
      '-f',
      'lavfi',
      '-i',
      'testsrc=duration=3:size=320x240:rate=10',
      '-f',
      'lavfi',
      '-i',
      'anullsrc=r=16000:cl=mono',
      '-map',
      '0:v',
      '-map',
      '1:a',
      '-filter:a',
      'atrim=end_sample=1',
      '-c:v',
      'libx264',
      '-pix_fmt',
      'yuv420p',
      '-c:a',
      'aac',
      path,
    ]);
    const id = await upload(auth, readFileSync(path), 'mute.mp4');
    const media = await settled(auth, id);
    expect(media.status).toBe('completed');
    expect(media.analysis.transcription ?? '').toBe('');
    const jobs = await jobsOf(auth, id);
    expect(jobs.every((job) => job.jobType === 'embedding_generation' || job.status === 'completed')).toBe(true);
  });

  it('refuses a 4-hour video on the free tier (300 s) before anything is stored or queued', async () => {
    const auth = await signIn();
    const path = join(mkdtempSync(join(dataDir, 'long-')), 'long.mp4');
    execFileSync('ffmpeg', [
      '-nostdin',
      '-v',
      'error',
      '-y',
      '-f',
      'lavfi',
      '-i',
      'testsrc=size=32x32:rate=1:duration=14400',
      '-c:v',
      'libx264',
      '-preset',
      'ultrafast',
      '-pix_fmt',
      'yuv420p',
      path,
    ]);
    const { body } = await http()
      .post('/v1/media')
      .set(auth)
      .attach('file', readFileSync(path), 'long.mp4')
      .expect(422);
    expect(body.code).toBe('VIDEO_TOO_LONG');
    const list = await http().get('/v1/media').set(auth).expect(200);
    expect(list.body.items).toHaveLength(0);
  });

  it('fails a file whose stored bytes vanished, with a readable error and the message dead-lettered; reprocess brings it back', async () => {
    const { auth, id, path, jpeg, deadBefore } = vanished;
    const media = await settled(auth, id);
    expect(media.status).toBe('failed');
    expect(media.processing.error).toMatch(/no longer in storage/);
    const jobs = await jobsOf(auth, id);
    expect(jobs.find((job) => job.jobType === 'image_analysis')).toMatchObject({ status: 'failed', attempts: 1 });
    expect(jobs.find((job) => job.jobType === 'text_analysis')).toMatchObject({ status: 'failed' });
    await eventually(async () => (await deadLettered()) > deadBefore);

    // Another user cannot reprocess it; it does not exist for them.
    await http()
      .post(`/v1/media/${id}/reprocess`)
      .set(await signIn())
      .expect(404);

    writeFileSync(path, jpeg);
    const { body } = await http().post(`/v1/media/${id}/reprocess`).set(auth).expect(202);
    expect(body.jobs.every((job: { status: string }) => job.status !== 'failed')).toBe(true);
    await eventually(async () => (await detail(auth, id)).status === 'completed', 120_000);
    const again = await detail(auth, id);
    expect(again.processing.error).toBeNull();
    expect(again.analysis.text.join(' ').toUpperCase()).toContain('VANISHED');
    await http().post(`/v1/media/${id}/reprocess`).set(auth).expect(409);
  });

  it('finishes a video whose worker was killed mid-job (SIGKILL): another replica takes it over', async () => {
    const auth = await signIn();
    const dir = mkdtempSync(join(dataDir, 'kill-'));
    const clip = spokenVideo(
      dir,
      await slide('KEEP GOING'),
      'Nothing is lost when a worker dies. The other one carries on.',
      20,
    );
    const id = await upload(auth, clip, 'resilient.mp4');
    let jobs: { id: string }[] = [];
    await eventually(async () => {
      jobs = (await pool.query(`SELECT id FROM processing_jobs WHERE media_file_id = $1`, [id])).rows;
      return jobs.length > 0;
    });
    let victim: (typeof workers)[number] | undefined;
    await eventually(() => {
      const startedHere = (worker: (typeof workers)[number]) =>
        worker
          .output()
          .split('\n')
          .some((line) => line.includes('job started') && jobs.some((job) => line.includes(job.id)));
      victim = workers.find(startedHere);
      return victim !== undefined;
    }, 60_000);
    victim!.service.process.kill('SIGKILL');
    workers = workers.filter((worker) => worker !== victim);

    const media = await settled(auth, id, 180_000);
    expect(media.status).toBe('completed');
    const { rows } = await pool.query(
      `SELECT job_type, status, attempts FROM processing_jobs WHERE media_file_id = $1 AND job_type <> 'embedding_generation'`,
      [id],
    );
    expect(rows.every((row) => row.status === 'completed')).toBe(true);
    expect(Math.max(...rows.map((row) => row.attempts))).toBeGreaterThanOrEqual(2);
    // Exactly one row per job type, whatever was redelivered.
    const { rows: counts } = await pool.query(
      `SELECT count(*)::int AS n FROM processing_jobs WHERE media_file_id = $1`,
      [id],
    );
    expect(counts[0].n).toBe(rows.length + 1);
  });

  describe('with a cloud summary provider that fails (an OpenAI-compatible server here)', () => {
    let server: Server;
    const calls = new Map<string, number>();

    beforeAll(async () => {
      // The chat endpoint: "flaky" files fail twice then succeed; "broken" ones always fail.
      server = createServer((req, res) => {
        let body = '';
        req.on('data', (chunk: Buffer) => (body += chunk.toString()));
        req.on('end', () => {
          const name = /(flaky|broken)/.exec(body)?.[1] ?? 'other';
          const n = (calls.get(name) ?? 0) + 1;
          calls.set(name, n);
          if (name === 'broken' || (name === 'flaky' && n <= 2)) {
            res.writeHead(503, { 'content-type': 'application/json' });
            return res.end(JSON.stringify({ error: { message: 'overloaded', type: 'server_error' } }));
          }
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(
            JSON.stringify({
              id: 'chatcmpl-1',
              object: 'chat.completion',
              created: 1,
              model: 'gpt-4o-mini',
              choices: [
                {
                  index: 0,
                  finish_reason: 'stop',
                  message: { role: 'assistant', content: 'A slide that reads a word.' },
                },
              ],
              usage: { prompt_tokens: 120, completion_tokens: 8, total_tokens: 128 },
            }),
          );
        });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const { port } = server.address() as AddressInfo;
      // Only this worker may take the next files.
      await stopServices(workers.map((worker) => worker.service));
      workers = [
        await launchWorker({
          DATA_DIR: dataDir,
          ...ANALYSIS_ENV,
          SUMMARY_PROVIDER: 'openai',
          OPENAI_API_KEY: 'sk-test-not-a-secret',
          OPENAI_BASE_URL: `http://127.0.0.1:${port}/v1`,
        }),
      ];
    }, 120_000);

    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('retries with backoff, recording retry_at, and completes; the paid call is cost-tracked', async () => {
      const auth = await signIn();
      const id = await upload(auth, await slide('FLAKY'), 'flaky.jpg');
      const retries: string[] = [];
      await eventually(async () => {
        const { rows } = await pool.query(
          `SELECT status, retry_at FROM processing_jobs WHERE media_file_id = $1 AND job_type = 'text_analysis'`,
          [id],
        );
        if (rows[0]?.status === 'retrying') retries.push(rows[0].retry_at.toISOString());
        return rows[0]?.status === 'completed';
      }, 60_000);
      expect(retries.length).toBeGreaterThan(0);
      const media = await settled(auth, id);
      expect(media.status).toBe('completed');
      expect(media.analysis.summary).toBe('A slide that reads a word.');
      const text = (await jobsOf(auth, id)).find((job) => job.jobType === 'text_analysis');
      expect(text).toMatchObject({ status: 'completed', attempts: 3 });
      expect(calls.get('flaky')).toBe(3);

      const { rows: costs } = await pool.query(
        `SELECT payload FROM outbox_events WHERE event_name = 'cost.incurred.v1' AND payload->>'mediaId' = $1`,
        [id],
      );
      const openai = costs.map((row) => row.payload).filter((cost) => cost.provider === 'openai');
      expect(openai.find((cost) => cost.item === 'openai.chat.input_tokens')).toMatchObject({ units: 120 });
      expect(openai.reduce((sum, cost) => sum + cost.amountUsd, 0)).toBeGreaterThan(0);
      expect(costs.some((row) => row.payload.provider === 'local' && row.payload.amountUsd === 0)).toBe(true);
    });

    it('gives up after max_attempts: the job failed with its code, the file failed with a readable message', async () => {
      const auth = await signIn();
      const id = await upload(auth, await slide('BROKEN'), 'broken.jpg');
      const media = await settled(auth, id, 60_000);
      expect(media.status).toBe('failed');
      expect(media.processing.error).toMatch(/unavailable.*Reprocess/i);
      const { rows } = await pool.query(
        `SELECT status, attempts, max_attempts, error_code FROM processing_jobs WHERE media_file_id = $1 AND job_type = 'text_analysis'`,
        [id],
      );
      expect(rows[0]).toMatchObject({ status: 'failed', attempts: 3, max_attempts: 3 });
      expect(rows[0].error_code).toMatch(/^PROVIDER_/);
      // The image analysis before it is kept, not redone.
      const image = (await jobsOf(auth, id)).find((job) => job.jobType === 'image_analysis');
      expect(image).toMatchObject({ status: 'completed', attempts: 1 });
    });
  });
});
