/**
 * bench/relevance/probe: what the local analysis really finds in the benchmark's media, so the
 * ground truth in queries.ts claims only what detection, OCR and speech can see or hear.
 *
 *   node -r @swc-node/register bench/relevance/probe.ts              (the whole dataset)
 *   node -r @swc-node/register bench/relevance/probe.ts cat-chelsea  (some keys of it)
 *   node -r @swc-node/register bench/relevance/probe.ts ./a.jpg      (any image or video files)
 *
 * Runs the pipeline's own functions (VisualAnalysis, transcribeVideo, composeResult) in this
 * process with the local providers: no stack, broker or database. Prints one block per file and
 * writes everything to reports/relevance-probe.json.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, extname, join } from 'node:path';
import { Logger } from '@nestjs/common';
import type { AnalysisResult } from '@ams/contracts';
import { inspectMedia } from '@ams/media-inspection';
import { createProviders, priceTable, providersEnvShape, type ProvidersEnv } from '@ams/providers';
import { z } from 'zod';
import { composeResult } from '../../apps/analysis/src/pipeline/compose-result';
import { JobMeter } from '../../apps/analysis/src/pipeline/job-meter';
import { transcribeVideo } from '../../apps/analysis/src/pipeline/speech-analysis';
import { VisualAnalysis } from '../../apps/analysis/src/pipeline/visual-analysis';
import { generateDataset, type DatasetMedia } from './dataset';

const REPORT = join(__dirname, '..', '..', 'reports', 'relevance-probe.json');

export interface ProbeFile {
  key: string;
  path: string;
  filename: string;
  kind: 'image' | 'video';
  mimeType: string;
}

export interface ProbeResult {
  key: string;
  result: AnalysisResult;
  seconds: number;
}

/** The analysis pipeline's findings for each file, one file at a time. */
export async function probe(files: ProbeFile[], onResult?: (found: ProbeResult) => void): Promise<ProbeResult[]> {
  Logger.overrideLogger(['error', 'warn']);
  const providers = createProviders(z.object(providersEnvShape).parse({}) as ProvidersEnv);
  await providers.warmUp?.();
  const visual = new VisualAnalysis(providers, { everySeconds: 10, maxFrames: 30 });
  const prices = priceTable();
  const features = { moderation: false, celebrities: false };
  const workRoot = mkdtempSync(join(tmpdir(), 'ams-relevance-probe-'));
  const results: ProbeResult[] = [];
  try {
    for (const [index, file] of files.entries()) {
      const started = Date.now();
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
      const result = await composeResult(
        providers,
        { kind: file.kind, filename: file.filename, durationSeconds: duration || null },
        found,
        speech,
        meter,
      );
      const entry = { key: file.key, result, seconds: (Date.now() - started) / 1000 };
      results.push(entry);
      onResult?.(entry);
    }
  } finally {
    await providers.close?.();
    rmSync(workRoot, { recursive: true, force: true });
  }
  return results;
}

export function describe({ key, result, seconds }: ProbeResult): string {
  const labels = result.labels.map(
    (l) => `${l.name} ${l.confidence.toFixed(2)}${(l.instances ?? 1) > 1 ? `×${l.instances}` : ''}`,
  );
  const lines = [
    `── ${key} (${seconds.toFixed(1)} s)`,
    `   labels:  ${labels.join(', ') || '–'}`,
    `   faces:   ${result.facesCount}`,
    `   text:    ${result.text.join(' | ') || '–'}`,
  ];
  if (result.transcription !== null) {
    lines.push(`   speech:  ${result.transcription || '–'}`);
    for (const segment of result.segments.filter((s) => s.kind !== 'visual'))
      lines.push(`     ${segment.start.toFixed(1)}–${segment.end.toFixed(1)} s ${JSON.stringify(segment)}`);
  }
  lines.push(`   summary: ${result.summary}`);
  return lines.join('\n');
}

function fromPath(path: string): ProbeFile {
  const ext = extname(path).toLowerCase();
  const kind = ['.mp4', '.mov', '.webm', '.mkv'].includes(ext) ? 'video' : 'image';
  const mimeType = kind === 'video' ? 'video/mp4' : ext === '.png' ? 'image/png' : 'image/jpeg';
  return { key: basename(path), path, filename: basename(path), kind, mimeType };
}

function fromDataset(media: DatasetMedia): ProbeFile {
  return { key: media.key, path: media.path, filename: media.filename, kind: media.kind, mimeType: media.mimeType };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const paths = args.filter((arg) => existsSync(arg));
  let files = paths.map(fromPath);
  if (paths.length === 0 || paths.length < args.length) {
    const dataset = await generateDataset({ log: (line) => process.stderr.write(`[probe] ${line}\n`) });
    const keys = args.filter((arg) => !existsSync(arg));
    const chosen = keys.length ? dataset.media.filter((m) => keys.includes(m.key)) : dataset.media;
    const unknown = keys.filter((key) => !dataset.media.some((m) => m.key === key));
    if (unknown.length) throw new Error(`not in the dataset: ${unknown.join(', ')}`);
    files = [...files, ...chosen.map(fromDataset)];
  }
  const results = await probe(files, (found) => process.stdout.write(`${describe(found)}\n`));
  mkdirSync(join(REPORT, '..'), { recursive: true });
  writeFileSync(REPORT, `${JSON.stringify(results, null, 2)}\n`);
  process.stderr.write(`[probe] wrote ${REPORT}\n`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${(error as Error).stack}\n`);
    process.exit(1);
  });
}
