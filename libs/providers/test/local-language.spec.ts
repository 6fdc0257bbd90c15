import type { CallContext, TextInsights } from '../src/capabilities';
import { createLocalLanguage } from '../src/local/language';

const context: CallContext = { userId: 'user-1', mediaId: 'media-1', jobId: 'job-1', recordUsage: () => undefined };
const language = createLocalLanguage();

const analyze = (text: string) => language.analyzeText(text, context);

function expectScoresSumToOne(insights: TextInsights) {
  const scores = Object.values(insights.sentimentScores);
  for (const score of scores) expect(score).toBeGreaterThanOrEqual(0);
  expect(scores.reduce((sum, score) => sum + score, 0)).toBeCloseTo(1, 2);
  const best = Math.max(...scores);
  expect(insights.sentimentScores[insights.sentiment]).toBe(best);
}

describe('local language (wink-nlp + VADER)', () => {
  it('finds praise positive', async () => {
    const insights = await analyze('I love this camera. The photos are absolutely amazing!');
    expect(insights.sentiment).toBe('POSITIVE');
    expectScoresSumToOne(insights);
  });

  it('finds complaints negative', async () => {
    const insights = await analyze('The battery is terrible and the screen broke after a week.');
    expect(insights.sentiment).toBe('NEGATIVE');
    expectScoresSumToOne(insights);
  });

  it('reads "not good" as negative', async () => {
    const insights = await analyze('The food was not good.');
    expect(insights.sentiment).toBe('NEGATIVE');
    expect(insights.sentimentScores.NEGATIVE).toBeGreaterThan(insights.sentimentScores.POSITIVE);
  });

  it('calls clearly positive and clearly negative sentences together mixed', async () => {
    const insights = await analyze('I love the camera, it is wonderful. The battery is awful and the case is ugly.');
    expect(insights.sentiment).toBe('MIXED');
    expectScoresSumToOne(insights);
  });

  it('keeps one complaint in a long happy review from making it mixed', async () => {
    const happy = 'The hotel was wonderful. The staff were friendly and helpful. Breakfast was delicious. ';
    const insights = await analyze(`${happy.repeat(3)}The parking was bad.`);
    expect(insights.sentiment).toBe('POSITIVE');
  });

  it('calls plain statements neutral', async () => {
    const insights = await analyze('The meeting is at noon in room four. Bring the quarterly report.');
    expect(insights.sentiment).toBe('NEUTRAL');
    expectScoresSumToOne(insights);
  });

  it('answers empty or blank text neutral, with no phrases or entities', async () => {
    for (const text of ['', '   \n\t ']) {
      await expect(analyze(text)).resolves.toEqual({
        sentiment: 'NEUTRAL',
        sentimentScores: { POSITIVE: 0, NEGATIVE: 0, NEUTRAL: 1, MIXED: 0 },
        keyPhrases: [],
        entities: [],
      });
    }
  });

  it('picks meaningful noun phrases from a paragraph, most frequent first, without repeats', async () => {
    const paragraph =
      'Our company reported strong quarterly revenue this year. The quarterly revenue grew because of the new ' +
      'product launch in Europe. The marketing team planned the product launch for months, and the sales team ' +
      'signed several large customers. Next year the company will open an office in Berlin.';

    const { keyPhrases, entities } = await analyze(paragraph);

    expect(keyPhrases[0]).toBe('quarterly revenue');
    expect(keyPhrases).toEqual(expect.arrayContaining(['marketing team', 'sales team']));
    expect(keyPhrases.some((phrase) => phrase.includes('product'))).toBe(true);
    expect(keyPhrases.length).toBeLessThanOrEqual(10);
    expect(new Set(keyPhrases.map((phrase) => phrase.toLowerCase())).size).toBe(keyPhrases.length);
    for (const phrase of keyPhrases) expect(phrase).not.toMatch(/^(the|a|an|this|our|it|they)\b/i);
    expect(entities).toEqual(expect.arrayContaining([{ text: 'Berlin', type: 'NAME' }]));
  });

  it('makes sense of OCR lines and an unpunctuated transcript', async () => {
    const sign = await analyze('HAPPY BIRTHDAY SARAH\n50% OFF ALL SHOES\nOPEN DAILY');
    expect(sign.keyPhrases).toEqual(expect.arrayContaining(['HAPPY BIRTHDAY SARAH']));
    expect(sign.entities).toEqual(expect.arrayContaining([{ text: '50%', type: 'PERCENT' }]));

    const transcript = await analyze(
      'so today we talk about quarterly revenue and the new product launch it was a great quarter for everyone ' +
        'and we are really happy with the results the customers love the product and the team did an amazing job ' +
        'but the shipping costs were a disaster and the delays were terrible and the support line was awful',
    );
    expect(transcript.keyPhrases).toEqual(expect.arrayContaining(['quarterly revenue', 'shipping costs']));
    expect(transcript.sentiment).toBe('MIXED');
  });

  it('analyses 2,000 words in well under a second', async () => {
    const text = 'The new product launch went well and the customers were happy with the price. '.repeat(134);
    await analyze('warm up');
    const started = performance.now();
    const insights = await analyze(text);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(insights.sentiment).toBe('POSITIVE');
  });
});
