import { brokerPriority, estimatedSeconds, featuresFor, planJobs } from './job-plan';
import { retryDelayMs } from './backoff';

describe('the jobs an upload gets', () => {
  it('gives photos image analysis, text analysis and embeddings', () => {
    expect(planJobs({ fileType: 'image', hasAudio: false })).toEqual([
      'image_analysis',
      'text_analysis',
      'embedding_generation',
    ]);
  });

  it('transcribes only videos that have sound', () => {
    expect(planJobs({ fileType: 'video', hasAudio: true })).toContain('transcription');
    expect(planJobs({ fileType: 'video', hasAudio: false })).not.toContain('transcription');
  });

  it('keeps moderation and celebrities for tiers that pay for them', () => {
    expect(featuresFor(['basic_analysis'])).toEqual({ moderation: false, celebrities: false });
    expect(featuresFor(['full_analysis', 'celebrity_detection', 'content_moderation'])).toEqual({
      moderation: true,
      celebrities: true,
    });
    expect(featuresFor(['all_ai_features'])).toEqual({ moderation: true, celebrities: true });
  });

  it('serves the spec priority 1 first on the broker (higher number first there)', () => {
    expect(brokerPriority(1)).toBeGreaterThan(brokerPriority(3));
    expect(brokerPriority(3)).toBeGreaterThan(brokerPriority(5));
    expect(brokerPriority(10)).toBeGreaterThanOrEqual(1);
  });

  it('expects longer videos to take longer', () => {
    expect(estimatedSeconds('transcription', 600)).toBeGreaterThan(estimatedSeconds('transcription', 10));
  });
});

describe('retry delays', () => {
  it('grow exponentially up to the cap', () => {
    const fixed = () => 0.5;
    const delays = [1, 2, 3, 4, 10].map((attempt) => retryDelayMs(attempt, 1000, 5000, fixed));
    expect(delays).toEqual([750, 1500, 3000, 3750, 3750]);
  });

  it('are jittered between half and all of the ceiling', () => {
    expect(retryDelayMs(2, 1000, 60_000, () => 0)).toBe(1000);
    expect(retryDelayMs(2, 1000, 60_000, () => 1)).toBe(2000);
  });
});
