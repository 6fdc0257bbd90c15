/**
 * Splitting inputs into embedding requests without a tokenizer. Token counts are estimated on the
 * high side (3 ASCII characters or 1 other character per token; English averages ~4 characters per
 * token, CJK about 1), so a truncated input stays under the model's limit in practice.
 */

// In thirds of a token, so sums stay exact integers.
const THIRDS_PER_TOKEN = 3;
const thirdsOf = (code: number) => (code < 0x80 ? 1 : THIRDS_PER_TOKEN);

/** A token count that errs high. */
export function estimateTokens(text: string): number {
  let thirds = 0;
  for (let i = 0; i < text.length; i++) thirds += thirdsOf(text.charCodeAt(i));
  return Math.ceil(thirds / THIRDS_PER_TOKEN);
}

/** The longest prefix of `text` estimated at no more than `maxTokens`, never splitting a surrogate pair. */
export function truncateToTokens(text: string, maxTokens: number): string {
  const budget = maxTokens * THIRDS_PER_TOKEN;
  let thirds = 0;
  for (let i = 0; i < text.length; i++) {
    thirds += thirdsOf(text.charCodeAt(i));
    if (thirds > budget) return text.slice(0, isLowSurrogate(text.charCodeAt(i)) ? i - 1 : i);
  }
  return text;
}

const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;

export interface BatchLimits {
  /** Inputs per request. */
  maxInputs: number;
  /** Estimated tokens per request, summed over its inputs. */
  maxTokens: number;
}

/**
 * Consecutive runs of input positions, each within both limits; an input alone over the token
 * budget still gets a request of its own.
 */
export function planBatches(tokenCounts: readonly number[], limits: BatchLimits): number[][] {
  const batches: number[][] = [];
  let current: number[] = [];
  let tokens = 0;
  tokenCounts.forEach((count, index) => {
    const full = current.length >= limits.maxInputs || tokens + count > limits.maxTokens;
    if (current.length > 0 && full) {
      batches.push(current);
      current = [];
      tokens = 0;
    }
    current.push(index);
    tokens += count;
  });
  if (current.length > 0) batches.push(current);
  return batches;
}
