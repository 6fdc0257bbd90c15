import { analysisResultSchema } from '@ams/contracts';
import { takenAtInstant } from '../src/analysis-results/analysis-results.repository';

describe('the capture time from EXIF', () => {
  it('accepts a camera time without a zone (what most cameras write) and keeps it as UTC', () => {
    const exif = analysisResultSchema.shape.exif;
    expect(exif.safeParse({ takenAt: '2004-08-16T13:23:49' }).success).toBe(true);
    expect(exif.safeParse({ takenAt: 'yesterday' }).success).toBe(false);
    expect(takenAtInstant('2004-08-16T13:23:49').toISOString()).toBe('2004-08-16T13:23:49.000Z');
    expect(takenAtInstant('2004-08-16T13:23:49+02:00').toISOString()).toBe('2004-08-16T11:23:49.000Z');
    expect(takenAtInstant('2004-08-16T13:23:49Z').toISOString()).toBe('2004-08-16T13:23:49.000Z');
  });
});
