import { parseQuerySyntax } from '../src/search/query-syntax';

describe('parseQuerySyntax', () => {
  it('takes tag:, label:, type: and -word out of the text into filters', () => {
    expect(
      parseQuerySyntax('dog on the beach tag:holiday -tag:work label:dog -label:person -sand type:image', {}),
    ).toEqual({
      text: 'dog on the beach',
      filters: {
        tags: ['holiday'],
        excludeTags: ['work'],
        labels: ['dog'],
        excludeLabels: ['person'],
        excludeText: ['sand'],
        fileType: 'image',
      },
    });
  });

  it('adds to the filters given as parameters without duplicates, and keeps other tokens as text', () => {
    expect(parseQuerySyntax('tag:a x-ray 2024-05 - type:audio', { tags: ['a', 'b'] })).toEqual({
      text: 'x-ray 2024-05 - type:audio',
      filters: { tags: ['a', 'b'] },
    });
  });
});
