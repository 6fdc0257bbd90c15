import { mergeFrames } from './visual-analysis';

describe('a video seen through its keyframes', () => {
  it('keeps each label once at its strongest, the most faces at once, every line of text once', () => {
    const merged = mergeFrames([
      {
        labels: [{ name: 'dog', confidence: 0.6, instances: 1 }],
        facesCount: 1,
        text: ['SALE'],
        contentWarnings: [],
        celebrities: [],
      },
      {
        labels: [
          { name: 'dog', confidence: 0.9, instances: 2 },
          { name: 'car', confidence: 0.7 },
        ],
        facesCount: 3,
        text: ['SALE', 'TODAY'],
        contentWarnings: [{ name: 'suggestive', confidence: 0.7 }],
        celebrities: [],
      },
    ]);
    expect(merged.labels).toEqual([
      { name: 'dog', confidence: 0.9, instances: 2 },
      { name: 'car', confidence: 0.7, instances: undefined },
    ]);
    expect(merged.facesCount).toBe(3);
    expect(merged.text).toEqual(['SALE', 'TODAY']);
    expect(merged.contentWarnings).toEqual([{ name: 'suggestive', confidence: 0.7 }]);
  });
});
