export type { WordMatch } from './lexical-space';
export {
  createLocalLexicalEmbedder,
  LOCAL_LEXICAL_MODEL,
  LocalLexicalEmbedder,
  type LocalLexicalOptions,
} from './local-lexical-embedder';
export { defaultLexiconDir, ensureLexiconFile, type LexiconFile } from './lexicon-store';
