import { estimateTokens, planBatches, truncateToTokens } from '../src/openai';

describe('embedding request planning', () => {
  it('estimates tokens on the high side: a third per ASCII character, one per other character', () => {
    expect(estimateTokens('')).toBe(0);
    expect(estimateTokens('abcdef')).toBe(2);
    expect(estimateTokens('abcdefg')).toBe(3);
    expect(estimateTokens('東京の夜')).toBe(4);
  });

  it('cuts a text to a token budget without splitting a surrogate pair', () => {
    expect(truncateToTokens('abcdefghij', 2)).toBe('abcdef');
    expect(truncateToTokens('short', 10)).toBe('short');
    // '🐶' is two UTF-16 code units: with room for the first only (2 tokens = 6 thirds), it is dropped whole.
    expect(truncateToTokens('ab🐶cd', 2)).toBe('ab');
    expect(truncateToTokens('ab🐶cd', 3)).toBe('ab🐶c');
  });

  it('starts a new batch when either the input count or the token budget would be exceeded', () => {
    expect(planBatches([1, 1, 1, 1, 1], { maxInputs: 2, maxTokens: 100 })).toEqual([[0, 1], [2, 3], [4]]);
    expect(planBatches([40, 40, 40, 10], { maxInputs: 10, maxTokens: 90 })).toEqual([
      [0, 1],
      [2, 3],
    ]);
    // An input over the whole budget still goes, alone.
    expect(planBatches([5, 500, 5], { maxInputs: 10, maxTokens: 100 })).toEqual([[0], [1], [2]]);
    expect(planBatches([], { maxInputs: 10, maxTokens: 100 })).toEqual([]);
  });
});
