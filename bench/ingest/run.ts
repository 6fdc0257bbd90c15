/**
 * bench/ingest: how fast uploads are analysed, and what the pipeline around the models costs.
 *
 *   npm run bench:ingest            (BENCH_IMAGES=100 BENCH_VIDEOS=10 by default)
 *
 * Generates photos (text, shapes, faces) and short videos (a slide and festival speech), then:
 *   1. uploads them all through the gateway while no analysis worker runs;
 *   2. starts one analysis worker (ANALYSIS_CONCURRENCY=2, local models) and waits until every
 *      file is completed: files/minute, per-stage time from processing_jobs, peak worker memory;
 *   3. runs the same analysis directly in this process on the same files, same concurrency, no
 *      broker, database or storage: the pipeline's overhead is (pipeline − direct) / direct.
 * Both are timed from their first file with the models loaded (the worker loads them before
 * taking work); the worker's boot-to-done time is printed too.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { Pool } from 'pg';
import sharp from 'sharp';
import { freePort, launchService, startStack, stopServices, waitForReady } from '@ams/devstack';
import { inspectMedia } from '@ams/media-inspection';
import { createProviders, priceTable, providersEnvShape, type ProvidersEnv } from '@ams/providers';
import { z } from 'zod';
import { JobMeter } from '../../apps/analysis/src/pipeline/job-meter';
import { composeResult } from '../../apps/analysis/src/pipeline/compose-result';
import { transcribeVideo } from '../../apps/analysis/src/pipeline/speech-analysis';
import { VisualAnalysis } from '../../apps/analysis/src/pipeline/visual-analysis';

const IMAGES = Number(process.env['BENCH_IMAGES'] ?? 100);
const VIDEOS = Number(process.env['BENCH_VIDEOS'] ?? 10);
const CONCURRENCY = 2;
const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

const WORDS = ['REVENUE', 'BEACH', 'BIRTHDAY', 'INVOICE', 'MEETING', 'GARDEN', 'TRAVEL', 'RECIPE', 'CONCERT', 'LAUNCH'];
const SENTENCES = [
  'Happy birthday to you, this is a wonderful party.',
  'Our quarterly revenue grew faster than expected.',
  'The train leaves the station at nine in the morning.',
  'Please remember to water the garden this weekend.',
  'The concert was loud and the crowd loved it.',
];

interface BenchFile {
  path: string;
  name: string;
  kind: 'image' | 'video';
  mimeType: string;
}

async function generate(dir: string): Promise<BenchFile[]> {
  const files: BenchFile[] = [];
  const faces = readFileSync(
    join(__dirname, '..', '..', 'node_modules', '@vladmandic', 'human', 'assets', 'samples.jpg'),
  );
  for (let i = 0; i < IMAGES; i++) {
    const path = join(dir, `image-${i}.jpg`);
    if (i % 4 === 3) {
      // Real faces, cropped differently each time.
      const meta = await sharp(faces).metadata();
      const size = Math.floor(Math.min(meta.width, meta.height) * (0.6 + (i % 5) * 0.08));
      await sharp(faces)
        .extract({ left: (i * 37) % (meta.width - size), top: 0, width: size, height: size })
        .jpeg()
        .toFile(path);
    } else {
      const word = WORDS[i % WORDS.length];
      const hue = (i * 47) % 360;
      const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1600" height="1000">
        <rect width="100%" height="100%" fill="hsl(${hue},60%,85%)"/>
        <circle cx="${300 + (i % 7) * 100}" cy="700" r="${120 + (i % 3) * 40}" fill="hsl(${(hue + 180) % 360},70%,45%)"/>
        <rect x="1000" y="550" width="400" height="300" fill="hsl(${(hue + 90) % 360},70%,40%)"/>
        <text x="100" y="300" font-family="DejaVu Sans" font-size="110" font-weight="bold" fill="#111">${word} ${2020 + (i % 6)}</text>
      </svg>`;
      await sharp(Buffer.from(svg)).jpeg({ quality: 88 }).toFile(path);
    }
    files.push({ path, name: `image-${i}.jpg`, kind: 'image', mimeType: 'image/jpeg' });
  }
  for (let i = 0; i < VIDEOS; i++) {
    const slide = join(dir, `slide-${i}.jpg`);
    const speech = join(dir, `speech-${i}.wav`);
    const path = join(dir, `video-${i}.mp4`);
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1280" height="720"><rect width="100%" height="100%" fill="white"/>
      <text x="80" y="360" font-family="DejaVu Sans" font-size="90" font-weight="bold" fill="#222">${WORDS[i % WORDS.length]}</text></svg>`;
    await sharp(Buffer.from(svg)).jpeg().toFile(slide);
    execFileSync('text2wave', ['-o', speech], { input: SENTENCES[i % SENTENCES.length] });
    execFileSync('ffmpeg', [
      '-nostdin',
      '-v',
      'error',
      '-y',
      '-loop',
      '1',
      '-framerate',
      '10',
      '-t',
      '8',
      '-i',
      slide,
      '-f',
      'lavfi',
      '-t',
      '8',
      '-i',
      'testsrc=size=1280x720:rate=10',
      '-i',
      speech,
      // Four seconds of slide, then four of a moving test pattern: two scenes.
      '-filter_complex',
      '[0:v][1:v]concat=n=2:v=1:a=0,trim=duration=8[v];[2:a]apad=whole_dur=8[a]',
      '-map',
      '[v]',
      '-map',
      '[a]',
      '-c:v',
      'libx264',
      '-pix_fmt',
      'yuv420p',
      '-c:a',
      'aac',
      '-t',
      '8',
      path,
    ]);
    files.push({ path, name: `video-${i}.mp4`, kind: 'video', mimeType: 'video/mp4' });
  }
  return files;
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ams-bench-ingest-'));
  const mediaDir = join(dataDir, 'generated');
  mkdirSync(mediaDir);
  log(`generating ${IMAGES} images and ${VIDEOS} videos…`);
  const files = await generate(mediaDir);

  const stack = await startStack({ persistent: false, log });
  const env = {
    ...stack.env,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    RPC_TIMEOUT_MS: '30000',
    ANALYSIS_CONCURRENCY: String(CONCURRENCY),
  };
  const gatewayPort = await freePort();
  const services = [
    launchService('gateway', gatewayPort, env, 'ignore'),
    launchService('media', await freePort(), env, 'ignore'),
  ];
  const pool = new Pool({ connectionString: stack.env.DATABASE_URL, max: 2 });
  try {
    await waitForReady(services, 90_000);
    const gateway = `http://127.0.0.1:${gatewayPort}`;
    // A first worker start declares the analysis queues; uploads then wait in them.
    const first = launchService('analysis', await freePort(), env, 'ignore');
    await waitForReady([first], 90_000);
    await stopServices([first]);

    const token = await devToken(gateway, `bench-${randomUUID().slice(0, 8)}@example.com`);
    // 110 uploads is past the free plan: the bench user is on the top tier (billing owns this in the product).
    await fetch(`${gateway}/v1/me`, { headers: { authorization: `Bearer ${token}` } });
    await pool.query(`UPDATE users SET subscription_tier = 'ultimate'`);
    const uploadStarted = Date.now();
    await inBatches(files, 4, (file) => upload(gateway, token, file));
    const uploadSeconds = (Date.now() - uploadStarted) / 1000;
    log(`uploaded ${files.length} files in ${uploadSeconds.toFixed(1)} s; starting the worker`);

    const worker = launchService('analysis', await freePort(), env, 'ignore');
    services.push(worker);
    const pipelineStarted = Date.now();
    let peakRssMb = 0;
    await until(async () => {
      peakRssMb = Math.max(peakRssMb, peakRss(worker.process.pid!));
      const { rows } = await pool.query(
        `SELECT count(*)::int AS n FROM media_files WHERE status IN ('completed', 'failed')`,
      );
      return rows[0].n >= files.length;
    }, 60 * 60_000);
    const wallSeconds = (Date.now() - pipelineStarted) / 1000;
    // The worker loads its models before taking work; the direct run is timed after loading too.
    const window = await pool.query(
      `SELECT extract(epoch FROM max(processing_completed_at) - (SELECT min(started_at) FROM processing_jobs))::float AS s FROM media_files`,
    );
    const pipelineSeconds = window.rows[0].s as number;
    const stages = await pool.query(`
      SELECT job_type, count(*)::int AS n, avg(extract(epoch FROM completed_at - started_at))::float AS avg_s,
             max(extract(epoch FROM completed_at - started_at))::float AS max_s
      FROM processing_jobs WHERE status = 'completed' GROUP BY job_type ORDER BY job_type`);
    const failed = await pool.query(`SELECT count(*)::int AS n FROM media_files WHERE status = 'failed'`);
    await stopServices([worker]);

    log('running the same analysis directly in this process…');
    const direct = await directRun(files, join(dataDir, 'direct'));

    const overhead = (pipelineSeconds - direct.seconds) / direct.seconds;
    process.stdout.write(
      [
        '',
        `bench/ingest: ${IMAGES} images + ${VIDEOS} videos (8 s, speech), one worker, concurrency ${CONCURRENCY}, local models`,
        `  upload through the gateway:   ${uploadSeconds.toFixed(1)} s`,
        `  worker start → all done:      ${wallSeconds.toFixed(1)} s (boot and model loading included)`,
        `  pipeline (first job → last file completed): ${pipelineSeconds.toFixed(1)} s = ${((files.length / pipelineSeconds) * 60).toFixed(1)} files/min, ${failed.rows[0].n} failed`,
        `  peak worker memory (RSS):     ${peakRssMb.toFixed(0)} MB`,
        '  per stage (job started → completed):',
        ...stages.rows.map(
          (r) =>
            `    ${String(r.job_type).padEnd(22)} n=${String(r.n).padStart(3)}  avg ${r.avg_s.toFixed(2)} s  max ${r.max_s.toFixed(2)} s`,
        ),
        `  direct, one process:          ${direct.seconds.toFixed(1)} s = ${((files.length / direct.seconds) * 60).toFixed(1)} files/min (peak RSS ${direct.peakRssMb.toFixed(0)} MB)`,
        `  orchestration overhead:       ${(overhead * 100).toFixed(1)} % (target < 15 %)`,
        '',
      ].join('\n'),
    );
  } finally {
    await stopServices(services);
    await pool.end();
    await stack.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The pipeline's analysis functions over the same files, no broker, database or storage. */
async function directRun(files: BenchFile[], workRoot: string): Promise<{ seconds: number; peakRssMb: number }> {
  // As quiet as the services at LOG_LEVEL=warn: per-call log lines are not part of the work.
  Logger.overrideLogger(['error', 'warn']);
  const providersEnv = z.object(providersEnvShape).parse({}) as ProvidersEnv;
  const providers = createProviders(providersEnv);
  await providers.warmUp?.();
  const started = Date.now();
  const visual = new VisualAnalysis(providers, { everySeconds: 10, maxFrames: 30 });
  const prices = priceTable();
  const features = { moderation: false, celebrities: false };
  let peakRssMb = 0;
  await inBatches(files, CONCURRENCY, async (file, index) => {
    const workDir = join(workRoot, String(index));
    mkdirSync(workDir, { recursive: true });
    const meter = new JobMeter(prices, { userId: randomUUID(), mediaId: randomUUID(), jobId: randomUUID() });
    const facts = await inspectMedia(file.path, { maxImagePixels: 100_000_000, maxVideoDurationSeconds: null });
    const duration = facts.durationSeconds ?? 0;
    const [found, speech] =
      file.kind === 'image'
        ? [await visual.analyseImage({ path: file.path, mimeType: file.mimeType }, workDir, features, meter), null]
        : await Promise.all([
            visual.analyseVideo(file.path, duration, workDir, features, meter, () => undefined),
            transcribeVideo(providers, { path: file.path, mimeType: file.mimeType }, workDir, meter),
          ]);
    await composeResult(
      providers,
      { kind: file.kind, filename: file.name, durationSeconds: duration || null },
      found,
      speech,
      meter,
    );
    peakRssMb = Math.max(peakRssMb, process.memoryUsage().rss / 1024 / 1024);
  });
  const seconds = (Date.now() - started) / 1000;
  await providers.close?.();
  return { seconds, peakRssMb };
}

async function inBatches<T>(
  items: T[],
  concurrency: number,
  work: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) {
        const index = next++;
        await work(items[index], index);
      }
    }),
  );
}

async function upload(gateway: string, token: string, file: BenchFile): Promise<void> {
  const form = new FormData();
  form.append('file', new Blob([readFileSync(file.path)], { type: file.mimeType }), file.name);
  const response = await fetch(`${gateway}/v1/media`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
  if (response.status !== 201)
    throw new Error(`upload of ${file.name} answered ${response.status}: ${await response.text()}`);
}

async function devToken(gateway: string, email: string): Promise<string> {
  const response = await fetch(`${gateway}/v1/auth/dev-token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email }),
  });
  return ((await response.json()) as { token: string }).token;
}

/** Peak resident memory of a process (VmHWM), in MB. */
function peakRss(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

async function until(probe: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error('bench timed out waiting for analysis');
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});
