import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import request from 'supertest';
import { eventually, writeTinyClipModel } from '@ams/testing';
import { slide } from './media-fixtures';
import { startSystem, type RunningSystem } from './running-system';

/**
 * A user with CLIP weights (ONNX_IMAGE_MODEL under MODELS_DIR) gets each file's look embedded as a
 * `visual` row of the image model, and searches use it. A tiny CLIP-layout model built here stands
 * in for the real weights, which cannot be downloaded on this machine.
 */
describe('search with an image embedder from MODELS_DIR', () => {
  let system: RunningSystem;
  let dataDir: string;
  let pool: Pool;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ams-e2e-clip-'));
    const modelsDir = join(dataDir, 'models');
    await writeTinyClipModel(modelsDir, 'tiny/clip');
    system = await startSystem({
      DATA_DIR: dataDir,
      MODELS_DIR: modelsDir,
      ONNX_IMAGE_MODEL: 'tiny/clip',
      RPC_TIMEOUT_MS: '15000',
    });
    pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 2 });
  }, 240_000);

  afterAll(async () => {
    await system?.stop();
    await pool?.end();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('embeds what an upload looks like and searches with it beside the words', async () => {
    const http = () => request(system.gatewayUrl);
    const { body: token } = await http().post('/v1/auth/dev-token').send({ email: 'clip@example.com' }).expect(200);
    const auth = { authorization: `Bearer ${token.token}` };
    const { body: file } = await http()
      .post('/v1/media')
      .set(auth)
      .attach('file', await slide('Harbour at dawn'), 'harbour.jpg')
      .expect(201);
    await eventually(async () => {
      const { rows } = await pool.query(
        `SELECT segment_type, embedding_dimensions FROM media_embeddings WHERE media_file_id = $1 AND embedding_model = 'tiny-clip'`,
        [file.id],
      );
      return rows.length === 1 && rows[0].segment_type === 'visual' && rows[0].embedding_dimensions === 4;
    }, 180_000);
    const { rows: models } = await pool.query(`SELECT provider FROM embedding_models WHERE name = 'tiny-clip'`);
    expect(models).toEqual([{ provider: 'onnx' }]);
    await eventually(async () => (await http().get(`/v1/media/${file.id}`).set(auth)).body.indexedAt !== null, 60_000);
    const { body } = await http().get('/v1/search').query({ q: 'harbour', minScore: 0 }).set(auth).expect(200);
    expect(body.items[0]).toMatchObject({ mediaId: file.id });
  });
});
