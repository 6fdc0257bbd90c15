import winkNLP, { type WinkMethods } from 'wink-nlp';
import model from 'wink-eng-lite-web-model';

let nlp: WinkMethods | undefined;

/** wink's English model, read once per process (~50 ms, ~10 MB); sentiment and custom entities left out. */
export function englishNlp(): WinkMethods {
  nlp ??= winkNLP(model, ['sbd', 'negation', 'ner', 'pos']);
  return nlp;
}
