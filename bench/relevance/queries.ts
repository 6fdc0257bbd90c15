/**
 * The judged queries of bench/relevance: what a person would type to find something in the
 * dataset (dataset.ts), with the files that answer it.
 *
 * Grades: 2 = exactly what was asked for, 1 = partly relevant (the right topic, a near miss a
 * person would not mind seeing); every other file is not relevant. Recall and MRR count grade 2
 * only; nDCG uses both grades.
 *
 * Kinds:
 * - exact: words that appear in the file (printed text, or what is said in a video);
 * - paraphrase: the same thing in other words ("kitty" for a cat, "power bill" for an
 *   electricity statement, "grandma" for "Grandmother");
 * - object: what a photo shows, for the photos where the local detector sees it.
 *
 * Judged by what is really in each file, never by what a particular ranking returns. Where a
 * query's target rests on a weak signal (a low-confidence label, a misheard word), a note says so.
 * `moment` names the sentence of a video (0-based, see VIDEOS in dataset.ts) a query is about:
 * the best moment returned for that video should fall on it.
 */
import type { Judgements } from './metrics';

export type QueryKind = 'exact' | 'paraphrase' | 'object';

export interface BenchQuery {
  q: string;
  kind: QueryKind;
  relevant: Judgements;
  moment?: { media: string; sentence: number };
  note?: string;
}

export const QUERIES: BenchQuery[] = [
  // ── exact: words printed in the picture or spoken in the video ──────────────────────────────
  { q: 'blue heron cafe', kind: 'exact', relevant: { 'receipt-cafe': 2 } },
  { q: 'invoice 1042', kind: 'exact', relevant: { 'invoice-plumbing': 2 } },
  {
    q: 'happy birthday',
    kind: 'exact',
    relevant: { 'birthday-card-grandma': 2, 'video-birthday-party': 2, 'kids-party-invite': 1 },
  },
  { q: 'revenue grew 12%', kind: 'exact', relevant: { 'slide-revenue': 2, 'video-earnings-call': 1 } },
  { q: 'banana bread', kind: 'exact', relevant: { 'recipe-banana-bread': 2 } },
  { q: 'maple ave', kind: 'exact', relevant: { 'street-sign': 2 } },
  { q: 'boarding pass', kind: 'exact', relevant: { 'boarding-pass': 2 } },
  { q: 'midnight echoes', kind: 'exact', relevant: { 'concert-poster': 2 } },
  { q: 'lost dog', kind: 'exact', relevant: { 'lost-dog-poster': 2 } },
  { q: 'team meeting agenda', kind: 'exact', relevant: { 'meeting-agenda': 2 } },
  { q: 'wifi password', kind: 'exact', relevant: { 'wifi-note': 2 } },
  { q: 'pilates class', kind: 'exact', relevant: { 'gym-schedule': 2 } },
  { q: 'Emma Johnson', kind: 'exact', relevant: { 'wedding-invitation': 2 } },
  { q: 'margherita pizza', kind: 'exact', relevant: { 'restaurant-menu': 2 } },
  { q: 'dental checkup', kind: 'exact', relevant: { 'dentist-reminder': 2, 'video-voicemail-dentist': 1 } },
  { q: 'Whiskers Rescue Shelter', kind: 'exact', relevant: { 'cat-adoption-poster': 2 } },
  { q: 'double parking prohibited', kind: 'exact', relevant: { 'photo-street-notice': 2 } },
  { q: 'Sarah Chen', kind: 'exact', relevant: { 'business-card': 2 } },
  { q: 'conference centre', kind: 'exact', relevant: { 'photo-signpost': 2 } },
  { q: 'priory galleries', kind: 'exact', relevant: { 'photo-shop-front': 2 } },
  { q: 'Manchester to Leeds', kind: 'exact', relevant: { 'train-ticket': 2 } },
  {
    q: 'tomato soup',
    kind: 'exact',
    relevant: { 'video-cooking': 2 },
    moment: { media: 'video-cooking', sentence: 0 },
  },
  {
    q: 'new office in Chicago',
    kind: 'exact',
    relevant: { 'video-earnings-call': 2 },
    moment: { media: 'video-earnings-call', sentence: 2 },
  },
  {
    q: 'history of the roman empire',
    kind: 'exact',
    relevant: { 'video-history-lecture': 2 },
    moment: { media: 'video-history-lecture', sentence: 0 },
  },
  {
    q: 'heavy rain',
    kind: 'exact',
    relevant: { 'video-weather': 2 },
    moment: { media: 'video-weather', sentence: 1 },
  },
  {
    q: 'blow out the candles',
    kind: 'exact',
    relevant: { 'video-birthday-party': 2 },
    moment: { media: 'video-birthday-party', sentence: 1 },
  },
  {
    q: 'hiking trails in Colorado',
    kind: 'exact',
    relevant: { 'video-podcast': 2 },
    moment: { media: 'video-podcast', sentence: 1 },
    note: 'pocketsphinx hears "i can trails in colorado": "hiking" is lost, "trails" and "colorado" are not',
  },

  // ── paraphrase: the same thing in other words ───────────────────────────────────────────────
  { q: "grandma's birthday card", kind: 'paraphrase', relevant: { 'birthday-card-grandma': 2 } },
  {
    q: 'quarterly earnings presentation',
    kind: 'paraphrase',
    relevant: { 'slide-revenue': 2, 'video-earnings-call': 1 },
  },
  { q: 'coffee shop receipt', kind: 'paraphrase', relevant: { 'receipt-cafe': 2, 'receipt-grocery': 1 } },
  { q: 'supermarket receipt', kind: 'paraphrase', relevant: { 'receipt-grocery': 2, 'receipt-cafe': 1 } },
  { q: 'receipts', kind: 'paraphrase', relevant: { 'receipt-cafe': 2, 'receipt-grocery': 2 } },
  { q: "plumber's bill", kind: 'paraphrase', relevant: { 'invoice-plumbing': 2 } },
  { q: 'power bill', kind: 'paraphrase', relevant: { 'electricity-bill': 2 } },
  {
    q: 'bills to pay',
    kind: 'paraphrase',
    relevant: { 'electricity-bill': 2, 'invoice-plumbing': 2, 'invoice-webdesign': 2, 'parking-ticket': 1 },
  },
  {
    q: 'flight to Japan',
    kind: 'paraphrase',
    relevant: { 'boarding-pass': 2 },
    note: 'the pass says "Tokyo NRT", never "Japan": needs world knowledge',
  },
  { q: 'train ticket', kind: 'paraphrase', relevant: { 'train-ticket': 2, 'boarding-pass': 1 } },
  {
    q: 'kitty',
    kind: 'paraphrase',
    relevant: { 'photo-cat-chelsea': 2, 'photo-kitten': 2, 'cat-adoption-poster': 1 },
    note: 'the detector labels both photos "cat" (0.48 and 0.62)',
  },
  {
    q: 'kitten',
    kind: 'paraphrase',
    relevant: { 'photo-kitten': 2, 'photo-cat-chelsea': 1, 'cat-adoption-poster': 1 },
    note: 'only "cat" is detected; the poster prints "Kittens"',
  },
  {
    q: 'puppy',
    kind: 'paraphrase',
    relevant: { 'photo-dog': 2, 'video-puppy-training': 2, 'lost-dog-poster': 1 },
    note: 'dog photo: "dog" at 0.34 only; the video says "puppy" but pocketsphinx hears "pop in" (it does hear "dog")',
  },
  { q: 'coffee mug', kind: 'paraphrase', relevant: { 'photo-coffee': 2 } },
  { q: 'band gig poster', kind: 'paraphrase', relevant: { 'concert-poster': 2 } },
  { q: 'missing pet flyer', kind: 'paraphrase', relevant: { 'lost-dog-poster': 2, 'cat-adoption-poster': 1 } },
  { q: 'marriage invitation', kind: 'paraphrase', relevant: { 'wedding-invitation': 2 } },
  { q: 'internet password', kind: 'paraphrase', relevant: { 'wifi-note': 2 } },
  { q: 'exercise class timetable', kind: 'paraphrase', relevant: { 'gym-schedule': 2, 'video-workout': 1 } },
  { q: 'italian restaurant menu', kind: 'paraphrase', relevant: { 'restaurant-menu': 2 } },
  {
    q: "doctor's appointment",
    kind: 'paraphrase',
    relevant: { 'dentist-reminder': 2, 'video-voicemail-dentist': 2 },
  },
  { q: 'parking ticket', kind: 'paraphrase', relevant: { 'parking-ticket': 2 } },
  {
    q: 'no parking sign',
    kind: 'paraphrase',
    relevant: { 'photo-street-notice': 2 },
    note: 'the sign reads "double parking prohibited at all times"; the parking citation is a near miss, not a sign',
  },
  {
    q: "children's party invitation",
    kind: 'paraphrase',
    relevant: { 'kids-party-invite': 2, 'video-birthday-party': 1 },
  },
  { q: 'engineering job openings', kind: 'paraphrase', relevant: { 'slide-hiring': 2 } },
  {
    q: 'windy and rainy afternoon',
    kind: 'paraphrase',
    relevant: { 'video-weather': 2 },
    moment: { media: 'video-weather', sentence: 1 },
  },
  {
    q: 'pension savings',
    kind: 'paraphrase',
    relevant: { 'video-podcast': 2 },
    moment: { media: 'video-podcast', sentence: 0 },
  },
  {
    q: 'ancient Rome class',
    kind: 'paraphrase',
    relevant: { 'video-history-lecture': 2 },
    moment: { media: 'video-history-lecture', sentence: 0 },
  },
  { q: 'cooking video', kind: 'paraphrase', relevant: { 'video-cooking': 2, 'recipe-banana-bread': 1 } },
  { q: 'baking recipe', kind: 'paraphrase', relevant: { 'recipe-banana-bread': 2, 'video-cooking': 1 } },
  { q: "architect's business card", kind: 'paraphrase', relevant: { 'business-card': 2 } },
  { q: 'exercise video', kind: 'paraphrase', relevant: { 'video-workout': 2, 'gym-schedule': 1 } },

  // ── object: what a photo shows (only where the local detector sees it) ──────────────────────
  {
    q: 'cat',
    kind: 'object',
    relevant: { 'photo-cat-chelsea': 2, 'photo-kitten': 2, 'cat-adoption-poster': 1 },
  },
  {
    q: 'dog',
    kind: 'object',
    relevant: { 'photo-dog': 2, 'video-puppy-training': 1, 'lost-dog-poster': 1 },
    note: 'the photo\'s "dog" label is weak (0.34)',
  },
  { q: 'cup of coffee', kind: 'object', relevant: { 'photo-coffee': 2 } },
  { q: 'motorbike', kind: 'object', relevant: { 'photo-motorcycle': 2, 'photo-motorcycle-2': 2 } },
  { q: 'bus', kind: 'object', relevant: { 'photo-double-decker': 2, 'photo-city-bus': 2 } },
  {
    q: 'red double decker bus',
    kind: 'object',
    relevant: { 'photo-double-decker': 2, 'photo-city-bus': 1 },
    note: 'only "bus" is detected: telling the two buses apart is beyond the local models',
  },
  { q: 'someone kicking a ball', kind: 'object', relevant: { 'photo-football': 2 } },
  { q: 'bird', kind: 'object', relevant: { 'photo-robin': 2 }, note: 'the squirrel is also (wrongly) labelled "bird"' },
  {
    q: 'people walking in a park',
    kind: 'object',
    relevant: { 'photo-campus-walk': 2, 'photo-street-robot': 1, 'photo-street-notice': 1 },
  },
  { q: 'group of friends at a party', kind: 'object', relevant: { 'photo-party': 2 } },
  { q: 'portrait of a man', kind: 'object', relevant: { 'photo-portrait': 2, 'photo-cameraman': 1 } },
  {
    q: 'car',
    kind: 'object',
    relevant: { 'photo-car-rear': 2, 'photo-street-notice': 1, 'photo-shop-front': 1, 'photo-double-decker': 1 },
  },
  { q: 'wine glass', kind: 'object', relevant: { 'photo-candle-glass': 2 } },
  { q: 'oranges', kind: 'object', relevant: { 'photo-fruits': 2 } },
  { q: 'fruit', kind: 'object', relevant: { 'photo-fruits': 2 } },
  {
    q: 'pets',
    kind: 'object',
    relevant: {
      'photo-cat-chelsea': 2,
      'photo-kitten': 2,
      'photo-dog': 2,
      'cat-adoption-poster': 1,
      'lost-dog-poster': 1,
      'video-puppy-training': 1,
    },
  },
  {
    q: 'animals',
    kind: 'object',
    relevant: {
      'photo-cat-chelsea': 2,
      'photo-kitten': 2,
      'photo-dog': 2,
      'photo-robin': 2,
      'photo-squirrel': 2,
    },
    note: 'the squirrel is found only through its wrong "bird" label',
  },
  {
    q: 'vehicles',
    kind: 'object',
    relevant: {
      'photo-motorcycle': 2,
      'photo-motorcycle-2': 2,
      'photo-double-decker': 2,
      'photo-city-bus': 2,
      'photo-car-rear': 2,
      'photo-street-notice': 1,
      'photo-shop-front': 1,
    },
  },
  {
    q: 'photos of people',
    kind: 'object',
    relevant: {
      'photo-astronaut': 2,
      'photo-cameraman': 2,
      'photo-portrait': 2,
      'photo-football': 2,
      'photo-campus-walk': 2,
      'photo-party': 2,
      'photo-street-robot': 2,
      'photo-street-notice': 1,
      'photo-shop-front': 1,
    },
  },
];
