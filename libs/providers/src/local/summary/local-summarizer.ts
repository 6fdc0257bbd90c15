import type { CallContext, MediaFactsForSummary, Summarizer } from '../../capabilities';
import { MIN_CONFIDENCE, subjectsOf } from './subjects';
import { durationAdjective, listed, shortDate, shortened } from './wording';

const MAX_LENGTH = 300;
const MAX_QUOTE = 80;

const SPEECH_TONE = { POSITIVE: 'positive ', NEGATIVE: 'negative ', MIXED: 'mixed-tone ', NEUTRAL: '' } as const;

/**
 * A short description written from the facts with templates: what it is and shows, what its
 * text says, warnings, and when and where it was taken — most important first, within 300 characters.
 */
export class LocalSummarizer implements Summarizer {
  readonly provider = 'local';

  summarize(facts: MediaFactsForSummary, context: CallContext): Promise<string> {
    context.signal?.throwIfAborted();
    const sentences = [mainSentence(facts), textSentence(facts), warningSentence(facts), captureSentence(facts)];
    let summary = '';
    for (const sentence of sentences) {
      if (!sentence) continue;
      const next = summary ? `${summary} ${sentence}` : sentence;
      if (next.length > MAX_LENGTH) continue;
      summary = next;
    }
    return Promise.resolve(summary || shortened(sentences[0] ?? '', MAX_LENGTH));
  }
}

/** "A photo of 2 people and a dog on a beach, mostly blue and white." */
function mainSentence(facts: MediaFactsForSummary): string {
  const { subjects, scene } = subjectsOf(facts);
  const colours = facts.dominantColors.filter((colour) => /^[a-z][a-z -]*$/i.test(colour.trim())).slice(0, 2);
  const colouring =
    colours.length > 0 ? `, mostly ${listed(colours.map((colour) => colour.trim().toLowerCase()))}` : '';
  const where = scene ? ` ${scene}` : '';
  if (facts.kind === 'image') return `A photo${subjects ? ` of ${subjects}` : ''}${where}${colouring}.`;

  const length = durationAdjective(facts.durationSeconds);
  const opening = `${length ? `A ${length}` : 'A'} video`;
  const speech = speechPhrase(facts);
  if (speech && subjects) return `${opening} ${speech}; shows ${subjects}${where}.`;
  if (speech) return `${opening} ${speech}${where}.`;
  return `${opening}${subjects ? ` of ${subjects}` : ''}${where}${colouring}.`;
}

/** "with positive speech about quarterly revenue and the product launch" */
function speechPhrase(facts: MediaFactsForSummary): string | undefined {
  if (!facts.transcript?.trim()) return undefined;
  const tone = facts.sentiment ? SPEECH_TONE[facts.sentiment] : '';
  const topics = facts.keyPhrases
    .map((phrase) => phrase.trim())
    .filter(Boolean)
    .slice(0, 2);
  return `with ${tone}speech${topics.length > 0 ? ` about ${listed(topics)}` : ''}`;
}

/** 'Text reads "Happy Birthday".' — for a photo, with its tone when the text has one. */
function textSentence(facts: MediaFactsForSummary): string | undefined {
  const text = shortened(facts.text.join(' ').replace(/["“”]/g, "'"), MAX_QUOTE);
  if ((text.match(/\p{L}/gu) ?? []).length < 2) return undefined;
  const speaks = Boolean(facts.transcript?.trim());
  const tone = !speaks && facts.sentiment && facts.sentiment !== 'NEUTRAL' ? ` (${facts.sentiment.toLowerCase()})` : '';
  return `Text reads "${text}"${tone}.`;
}

function warningSentence(facts: MediaFactsForSummary): string | undefined {
  const names = [
    ...new Set(
      facts.contentWarnings.filter((warning) => warning.confidence >= MIN_CONFIDENCE).map((w) => w.name.toLowerCase()),
    ),
  ];
  return names.length > 0 ? `May contain ${listed(names.slice(0, 3))}.` : undefined;
}

/** "Taken 3 Jun 2024 in Lisbon with Canon EOS R5." */
function captureSentence(facts: MediaFactsForSummary): string | undefined {
  const date = facts.takenAt ? shortDate(facts.takenAt) : undefined;
  const parts = [
    date,
    facts.place?.trim() ? `in ${facts.place.trim()}` : undefined,
    facts.camera?.trim() ? `with ${facts.camera.trim()}` : undefined,
  ].filter((part): part is string => Boolean(part));
  const verb = facts.kind === 'video' ? 'Recorded' : 'Taken';
  return parts.length > 0 ? `${verb} ${parts.join(' ')}.` : undefined;
}
