import type { TextAnalyzer } from '../../capabilities';
import { LocalTextAnalyzer } from './local-text-analyzer';
import { englishNlp } from './wink';

/** Offline English sentiment, key phrases and entities (wink-nlp + VADER); the model loads on first use. */
export function createLocalLanguage(): TextAnalyzer {
  return new LocalTextAnalyzer();
}

export { LocalTextAnalyzer } from './local-text-analyzer';

/** Reads wink's model now rather than on the first analysis. */
export function warmUpLocalLanguage(): void {
  englishNlp();
}
