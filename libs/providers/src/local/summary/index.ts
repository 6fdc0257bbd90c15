import type { Summarizer } from '../../capabilities';
import { LocalSummarizer } from './local-summarizer';

/** Template summaries written from the other capabilities' findings; no model, no network. */
export function createLocalSummarizer(): Summarizer {
  return new LocalSummarizer();
}

export { LocalSummarizer } from './local-summarizer';
