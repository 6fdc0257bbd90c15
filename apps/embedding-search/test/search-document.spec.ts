import type { MediaSearchFacts } from '@ams/db';
import {
  fieldsOfSourceText,
  filenameWords,
  fullRow,
  metadataText,
  segmentRows,
  sourceTextOf,
  weightedDocument,
} from '../src/indexing/search-document';
import { explainMatch } from '../src/search/snippets';

const facts: MediaSearchFacts = {
  mediaId: '00000000-0000-4000-8000-000000000001',
  userId: '00000000-0000-4000-8000-000000000002',
  fileType: 'video',
  filename: 'team_meeting.mp4',
  originalFilename: 'TeamMeeting-Q3_budget.mp4',
  tags: ['work', 'budget'],
  customMetadata: { project: { code: 'ORION' }, reviewed: true },
  summary: 'Two people talking in front of a whiteboard',
  labels: [
    { name: 'person', confidence: 0.9 },
    { name: 'chair', confidence: 0.2 },
  ],
  facesCount: 2,
  text: ['Q3 BUDGET'],
  transcription: 'We are over budget this quarter.',
  keyPhrases: ['budget'],
  durationSeconds: 42,
  thumbnailKey: null,
  status: 'completed',
  deleted: false,
};

describe('search documents', () => {
  it('builds the full row from every field, leaving out weak labels, and weights the full-text classes', () => {
    const row = fullRow(facts);
    const text = sourceTextOf(row.fields);
    expect(text).toContain('Labels: person');
    expect(text).not.toContain('chair');
    expect(text).toContain('Filename: Team Meeting Q3 budget');
    expect(text).toContain('Metadata: code ORION, reviewed true');
    expect(row).toMatchObject({ segmentType: 'full', startTimeSeconds: 0, endTimeSeconds: 42, sourceQuality: 'high' });
    const document = weightedDocument(row.fields);
    expect(document.a).toContain('work, budget');
    expect(document.b).toContain('whiteboard');
    expect(document.c).toContain('over budget');
    expect(document.d).toContain('ORION');
  });

  it('gets the same fields back from stored source text', () => {
    const { fields } = fullRow(facts);
    expect(fieldsOfSourceText(sourceTextOf(fields)).map((f) => [f.name, f.text])).toEqual(
      fields.map((f) => [f.name, f.text]),
    );
  });

  it('cuts a video into visual stretches, spoken passages and both together', () => {
    const rows = segmentRows([
      { kind: 'visual', start: 0, end: 10, labels: [{ name: 'dog', confidence: 0.8 }], facesCount: 0, text: [] },
      { kind: 'visual', start: 10, end: 20, labels: [{ name: 'dog', confidence: 0.8 }], facesCount: 0, text: [] },
      { kind: 'visual', start: 20, end: 30, labels: [], facesCount: 0, text: ['EXIT'] },
      { kind: 'audio', start: 2, end: 5, labels: [], facesCount: 0, text: [], transcript: 'good boy' },
      { kind: 'audio', start: 6, end: 9, labels: [], facesCount: 0, text: [], transcript: 'fetch the ball' },
      { kind: 'audio', start: 40, end: 44, labels: [], facesCount: 0, text: [], transcript: 'bye' },
    ]);
    const summary = rows.map((r) => [r.segmentType, r.startTimeSeconds, r.endTimeSeconds, sourceTextOf(r.fields)]);
    expect(summary).toEqual([
      ['visual', 0, 20, 'Labels: dog'],
      ['visual', 20, 30, 'Text: EXIT'],
      ['audio', 2, 9, 'Transcript: good boy fetch the ball'],
      ['temporal', 2, 9, 'Transcript: good boy fetch the ball\nLabels: dog'],
      ['audio', 40, 44, 'Transcript: bye'],
    ]);
  });

  it('turns file names and metadata into words', () => {
    expect(filenameWords('IMG_2041-beachTrip.final.JPG')).toBe('IMG 2041 beach Trip final');
    expect(metadataText({ camera_model: 'X100', nested: { album: 'Summer' }, empty: null })).toBe(
      'camera model X100, album Summer',
    );
  });
});

describe('explainMatch', () => {
  it('names the fields where words matched and shows the best passage as safe HTML', () => {
    const marked = 'Summary: a <b> slide\nText: Revenue grew \u0001revenue\u0002\nTags: \u0001revenue\u0002';
    expect(explainMatch(marked)).toEqual({
      matchedFields: ['text', 'tags'],
      snippet: 'Revenue grew <mark>revenue</mark>',
    });
    expect(explainMatch('Summary: a &lt;b&gt; slide <script>', () => ['slide'])).toEqual({
      matchedFields: ['summary'],
      snippet: 'a &amp;lt;b&amp;gt; <mark>slide</mark> &lt;script&gt;',
    });
    expect(explainMatch(undefined)).toEqual({ matchedFields: [], snippet: null });
  });
});
