import type { Media } from '@ams/sdk';
import { readNamedScores, readTranscript } from './analysis-data';

const analysis = (fields: Partial<Media['analysis']> & Record<string, unknown>) =>
  ({ transcription: null, ...fields }) as unknown as Media['analysis'];

describe('analysis readers', () => {
  it('reads labels of any scale and skips what has no name', () => {
    expect(
      readNamedScores([{ name: 'dog', confidence: 0.5 }, { label: 'cat', score: 87 }, 'tree', { confidence: 1 }, null]),
    ).toEqual([
      { name: 'dog', confidence: 0.5 },
      { name: 'cat', confidence: 0.87 },
      { name: 'tree', confidence: null },
    ]);
  });

  it('turns timestamped transcript lines into timed lines, and keeps other text whole', () => {
    expect(readTranscript(analysis({ transcription: '[0:05] Hello there\n1:02:03 - Goodbye' }))).toEqual([
      { start: 5, text: 'Hello there' },
      { start: 3723, text: 'Goodbye' },
    ]);
    expect(readTranscript(analysis({ transcription: 'Just words.\nAt 10:00 we left.' }))).toEqual([
      { start: null, text: 'Just words.\nAt 10:00 we left.' },
    ]);
    expect(readTranscript(analysis({ transcription: '   ' }))).toEqual([]);
  });
});
