import type { CallContext, MediaFactsForSummary } from '../src/capabilities';
import { createLocalSummarizer } from '../src/local/summary';

const context: CallContext = { userId: 'user-1', mediaId: 'media-1', jobId: 'job-1', recordUsage: () => undefined };
const summarizer = createLocalSummarizer();

function facts(overrides: Partial<MediaFactsForSummary> = {}): MediaFactsForSummary {
  return {
    kind: 'image',
    filename: 'IMG_0001.jpg',
    labels: [],
    facesCount: 0,
    text: [],
    keyPhrases: [],
    contentWarnings: [],
    celebrities: [],
    dominantColors: [],
    ...overrides,
  };
}

const summarize = (overrides: Partial<MediaFactsForSummary>) => summarizer.summarize(facts(overrides), context);

describe('local summarizer', () => {
  it('is the local provider', () => {
    expect(summarizer.provider).toBe('local');
  });

  it('describes a photo: people, counted things, scene, colours, text and when and how it was taken', async () => {
    const summary = await summarize({
      labels: [
        { name: 'Person', confidence: 0.98, instances: 2 },
        { name: 'Dog', confidence: 0.95, parents: ['Animal', 'Pet'] },
        { name: 'Animal', confidence: 0.95 },
        { name: 'Beach', confidence: 0.9 },
        { name: 'Umbrella', confidence: 0.3 },
      ],
      facesCount: 2,
      dominantColors: ['blue', 'white', 'yellow'],
      text: ['  Happy ', 'Birthday  '],
      takenAt: '2024-06-03T18:42:10',
      camera: 'Canon EOS R5',
    });

    expect(summary).toBe(
      'A photo of 2 people and a dog on a beach, mostly blue and white. Text reads "Happy Birthday". ' +
        'Taken 3 Jun 2024 with Canon EOS R5.',
    );
  });

  it('describes a video by its length, its speech topics and what it shows', async () => {
    const summary = await summarize({
      kind: 'video',
      filename: 'q3.mp4',
      durationSeconds: 45.2,
      labels: [
        { name: 'laptop', confidence: 0.9 },
        { name: 'person', confidence: 0.95 },
      ],
      transcript: 'today we talk about quarterly revenue',
      keyPhrases: ['quarterly revenue'],
      sentiment: 'NEUTRAL',
    });

    expect(summary).toBe('A 45-second video with speech about quarterly revenue; shows a person and a laptop.');
  });

  it('says the tone of speech when it is not neutral, and counts minutes', async () => {
    const summary = await summarize({
      kind: 'video',
      filename: 'talk.mp4',
      durationSeconds: 130,
      transcript: 'a great launch',
      keyPhrases: ['product launch', 'sales team', 'office'],
      sentiment: 'POSITIVE',
    });

    expect(summary).toBe('A 2-minute video with positive speech about product launch and sales team.');
  });

  it('pluralises counts and names celebrities before the other people', async () => {
    const summary = await summarize({
      labels: [
        { name: 'traffic light', confidence: 0.8, instances: 3 },
        { name: 'bus', confidence: 0.7, instances: 2 },
        { name: 'apple', confidence: 0.6 },
      ],
      facesCount: 3,
      celebrities: [{ name: 'Ada Lovelace', confidence: 0.93 }],
    });

    expect(summary).toBe('A photo of Ada Lovelace, 2 other people, 3 traffic lights and 2 buses.');
  });

  it('mentions faces as people and warns about content', async () => {
    const summary = await summarize({
      facesCount: 1,
      contentWarnings: [
        { name: 'Violence', confidence: 0.8 },
        { name: 'Suggestive', confidence: 0.2 },
      ],
    });

    expect(summary).toBe('A photo of a person. May contain violence.');
  });

  it('writes just the kind of media when nothing was found', async () => {
    await expect(summarize({})).resolves.toBe('A photo.');
    await expect(summarize({ kind: 'video', durationSeconds: 12 })).resolves.toBe('A 12-second video.');
    await expect(summarize({ kind: 'video' })).resolves.toBe('A video.');
  });

  it('quotes long text trimmed, keeps the tone of photo text, and stays within 300 characters', async () => {
    const summary = await summarize({
      labels: Array.from({ length: 20 }, (_, index) => ({ name: `thing number ${index}`, confidence: 0.9 })),
      text: [
        'Welcome to the annual summer festival of music, food and dancing in the old town square, all weekend long',
      ],
      sentiment: 'POSITIVE',
      contentWarnings: [{ name: 'alcohol', confidence: 0.9 }],
      takenAt: '2023-12-31',
      place: 'Lisbon, Portugal',
      camera: 'Apple iPhone 15 Pro',
    });

    expect(summary.length).toBeLessThanOrEqual(300);
    expect(summary).toMatch(/^A photo of a thing number 0, a thing number 1, a thing number 2 and a thing number 3\./);
    expect(summary).toMatch(
      /Text reads "Welcome to the annual summer festival of music, food and dancing in the old[^"]*…" \(positive\)\./,
    );
    expect(summary).toContain('May contain alcohol.');
  });
});
