import type { DetectedLabel, MediaFactsForSummary } from '../../capabilities';
import { counted, listed } from './wording';

export const MIN_CONFIDENCE = 0.5;
const MAX_SUBJECTS = 4;

const PERSON_LABELS = new Set('person people human face head adult man woman boy girl child baby kid'.split(' '));
// Words that add nothing to what the other labels already say.
const GENERIC_LABELS = new Set(
  (
    'animal mammal pet vertebrate canine feline object thing photo photography image picture ' +
    'screenshot design pattern color colour daytime night light shape'
  ).split(' '),
);
/** Labels that say where rather than what, with the words that put them in a sentence. */
const SCENES: Record<string, string> = {
  beach: 'on a beach',
  shore: 'on a shore',
  coast: 'on a coast',
  sea: 'by the sea',
  ocean: 'by the ocean',
  lake: 'by a lake',
  river: 'by a river',
  park: 'in a park',
  garden: 'in a garden',
  forest: 'in a forest',
  mountain: 'in the mountains',
  desert: 'in a desert',
  field: 'in a field',
  street: 'on a street',
  road: 'on a road',
  city: 'in a city',
  town: 'in a town',
  office: 'in an office',
  kitchen: 'in a kitchen',
  bedroom: 'in a bedroom',
  classroom: 'in a classroom',
  restaurant: 'in a restaurant',
  stadium: 'in a stadium',
  stage: 'on a stage',
  snow: 'in the snow',
  indoors: 'indoors',
  outdoors: 'outdoors',
};

/** "Tom Hanks, 2 other people and a dog" and "on a beach", from labels, faces and celebrities. */
export function subjectsOf(facts: MediaFactsForSummary): { subjects?: string; scene?: string } {
  const labels = confidentLabels(facts.labels);
  const people = peoplePhrases(facts, labels);
  const sceneLabel = labels.find((label) => SCENES[label.name] !== undefined);
  const implied = new Set(labels.flatMap((label) => (label.parents ?? []).map((parent) => parent.toLowerCase())));
  const things = labels
    .filter((label) => !PERSON_LABELS.has(label.name) && !GENERIC_LABELS.has(label.name))
    .filter((label) => label !== sceneLabel && !implied.has(label.name))
    .map((label) => counted(label.name, label.instances ?? 1));
  const subjects = [...people, ...things].slice(0, MAX_SUBJECTS);
  return {
    subjects: subjects.length > 0 ? listed(subjects) : undefined,
    scene: sceneLabel ? SCENES[sceneLabel.name] : undefined,
  };
}

/** Confident labels, lower-cased, one per name, most confident first. */
function confidentLabels(labels: DetectedLabel[]): DetectedLabel[] {
  const byName = new Map<string, DetectedLabel>();
  for (const label of labels) {
    const name = label.name.trim().toLowerCase();
    if (!name || label.confidence < MIN_CONFIDENCE) continue;
    const known = byName.get(name);
    if (!known || label.confidence > known.confidence) byName.set(name, { ...label, name });
  }
  return [...byName.values()].sort((a, b) => b.confidence - a.confidence);
}

/** Named celebrities first, then everyone else as a count; faces and person labels are the same people. */
function peoplePhrases(facts: MediaFactsForSummary, labels: DetectedLabel[]): string[] {
  const personLabel = labels.find(
    (label) => label.name === 'person' || label.name === 'people' || label.name === 'human',
  );
  const labelled = personLabel ? (personLabel.instances ?? 1) : 0;
  const names = [
    ...new Set(
      facts.celebrities.filter((celebrity) => celebrity.confidence >= MIN_CONFIDENCE).map((c) => c.name.trim()),
    ),
  ].slice(0, 2);
  const count = Math.max(facts.facesCount, labelled, names.length);
  const others = count - names.length;
  if (others <= 0) return names;
  if (names.length === 0) return [counted('person', others)];
  return [...names, others === 1 ? 'another person' : `${others} other people`];
}
