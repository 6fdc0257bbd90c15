/**
 * The library of bench/search, generated the same way on every run: what analysis would have
 * found in a person's photos and videos (a caption, detected labels, text read in the picture,
 * speech, key phrases) plus what they typed themselves (tags, sometimes a file name or an album).
 *
 * Every file is drawn from one of a dozen themes (a day at the beach, a receipt, a birthday, a
 * whiteboard at work…) by filling a caption from the theme's word lists, so the vectors cluster
 * the way a real library does and the words of one theme are shared by many files, but no two
 * captions read the same. Each user mostly photographs a few themes.
 */
import type { MediaSearchFacts } from '@ams/db';

/** Deterministic pseudo-random numbers (the same library on every run). */
export class Random {
  constructor(private state: number) {}
  next(): number {
    this.state = (Math.imul(this.state, 1664525) + 1013904223) >>> 0;
    return this.state / 4294967296;
  }
  int(max: number): number {
    return Math.floor(this.next() * max);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
  /** `count` distinct items (fewer when the list is shorter). */
  some<T>(items: readonly T[], count: number): T[] {
    const pool = [...items];
    const chosen: T[] = [];
    while (chosen.length < count && pool.length > 0) chosen.push(pool.splice(this.int(pool.length), 1)[0]!);
    return chosen;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

export interface Theme {
  name: string;
  /** What a detector names in such a picture. */
  labels: string[];
  /** Who or what is in it. */
  subjects: string[];
  activities: string[];
  scenes: string[];
  places: string[];
  /** Text printed in such a picture (signs, receipts, slides…). */
  printed: string[];
  /** What is said in such a video. */
  spoken: string[];
  tags: string[];
  /** Share of this theme's files that are videos. */
  videoShare: number;
  /** Share that shows people's faces. */
  faceShare: number;
}

export const THEMES: Theme[] = [
  {
    name: 'beach',
    labels: ['beach', 'sea', 'sand', 'person', 'surfboard', 'umbrella', 'sky', 'wave', 'boat', 'seagull', 'towel'],
    subjects: ['two kids', 'my sister', 'a group of friends', 'a surfer', 'dad', 'the whole family', 'a lifeguard'],
    activities: [
      'building a sandcastle',
      'surfing a big wave',
      'playing volleyball',
      'swimming near the pier',
      'collecting seashells',
      'flying a kite',
      'walking along the shore',
      'paddle boarding',
    ],
    scenes: ['sandy beach', 'rocky cove', 'boardwalk', 'harbour', 'lighthouse point', 'tide pools'],
    places: ['Santa Monica', 'Malibu', 'Cape Cod', 'the Algarve', 'Bondi', 'Mykonos', 'Brighton'],
    printed: [
      'SURF RENTALS $15/HR',
      'LIFEGUARD ON DUTY',
      'NO DOGS ON BEACH',
      'Shave Ice & Smoothies',
      'Beach closes at sunset',
      'PIER 39',
    ],
    spoken: [
      'Look at the size of that wave!',
      'The water is freezing, come in anyway.',
      'We found a crab under the rock.',
      'Put on more sunscreen before you go back out.',
      'The sunset tonight is unreal.',
    ],
    tags: ['beach', 'vacation', 'summer', 'ocean', 'surf', 'holiday'],
    videoShare: 0.25,
    faceShare: 0.6,
  },
  {
    name: 'pets',
    labels: ['dog', 'cat', 'pet', 'puppy', 'kitten', 'grass', 'ball', 'couch', 'leash', 'animal'],
    subjects: ['our golden retriever', 'the black cat', 'a tiny puppy', 'two kittens', 'the old beagle', 'a parrot'],
    activities: [
      'chasing a tennis ball',
      'sleeping on the couch',
      'playing tug of war',
      'getting a bath',
      'begging for treats',
      'running through the sprinkler',
      'curled up in a basket',
      'learning to sit',
    ],
    scenes: ['living room', 'backyard', 'dog park', 'kitchen floor', 'sunny window sill', 'vet clinic'],
    places: ['home', 'Riverside Park', 'grandma’s house', 'the cabin'],
    printed: ['PAWS VETERINARY CLINIC', 'Good Boy Treats', 'Rabies vaccine due 03/2024', 'DOG PARK RULES'],
    spoken: [
      'Who is a good boy? Yes you are!',
      'Drop the ball, drop it.',
      'She has been asleep there all afternoon.',
      'The vet says he needs to lose a little weight.',
    ],
    tags: ['dog', 'cat', 'pets', 'puppy', 'cute'],
    videoShare: 0.3,
    faceShare: 0.15,
  },
  {
    name: 'food',
    labels: ['food', 'plate', 'pizza', 'cake', 'coffee cup', 'wine glass', 'bowl', 'table', 'salad', 'bread'],
    subjects: ['a homemade lasagna', 'fresh sourdough bread', 'a bowl of ramen', 'tacos', 'a chocolate cake'],
    activities: [
      'served on the patio',
      'coming out of the oven',
      'being plated by the chef',
      'shared with friends',
      'cooked over a campfire',
      'decorated with berries',
    ],
    scenes: ['restaurant table', 'kitchen counter', 'food market', 'street food stall', 'picnic blanket', 'cafe'],
    places: ['Rome', 'Tokyo', 'Mexico City', 'Lisbon', 'our kitchen', 'Chinatown'],
    printed: [
      'TOTAL $48.20 VISA ****4412',
      'Blue Heron Cafe',
      'Chef’s Special: Truffle Risotto',
      'OPEN 7AM - 3PM',
      'Recipe: 2 cups flour, 1 tsp salt',
    ],
    spoken: [
      'Okay, now we add the garlic.',
      'This is the best pasta I have ever had.',
      'Happy anniversary, cheers!',
      'Let the dough rest for an hour.',
    ],
    tags: ['food', 'dinner', 'recipe', 'restaurant', 'baking'],
    videoShare: 0.15,
    faceShare: 0.25,
  },
  {
    name: 'hiking',
    labels: ['mountain', 'tree', 'forest', 'trail', 'backpack', 'lake', 'rock', 'waterfall', 'tent', 'snow'],
    subjects: ['my hiking buddies', 'a lone hiker', 'mom and dad', 'the scout troop', 'a deer', 'the dog'],
    activities: [
      'climbing to the summit',
      'crossing a wooden bridge',
      'setting up camp',
      'resting by a waterfall',
      'watching the sunrise',
      'fishing at the lake',
      'scrambling over boulders',
    ],
    scenes: ['pine forest', 'alpine meadow', 'mountain ridge', 'canyon', 'glacier lake', 'campsite'],
    places: ['Yosemite', 'the Dolomites', 'Banff', 'Zion', 'the Lake District', 'Patagonia', 'Mount Rainier'],
    printed: ['TRAILHEAD 4.2 MI', 'Bear country: store food safely', 'ELEVATION 10,023 FT', 'Campsite 17'],
    spoken: [
      'We are almost at the top, keep going.',
      'Listen, you can hear the waterfall from here.',
      'It is getting cold, let us head back down.',
      'That is a marmot on the rock!',
    ],
    tags: ['hiking', 'nature', 'mountains', 'camping', 'outdoors'],
    videoShare: 0.25,
    faceShare: 0.4,
  },
  {
    name: 'city',
    labels: ['building', 'street', 'car', 'bus', 'bridge', 'tower', 'crowd', 'traffic light', 'bicycle', 'night'],
    subjects: ['tourists', 'a street musician', 'the skyline', 'a yellow taxi', 'a tram', 'my partner'],
    activities: [
      'crossing the square',
      'waiting for the subway',
      'lit up at night',
      'walking through the old town',
      'riding bikes along the canal',
      'shopping at the market',
    ],
    scenes: ['city street', 'train station', 'rooftop bar', 'museum hall', 'cathedral', 'night market'],
    places: ['Paris', 'New York', 'Amsterdam', 'Barcelona', 'Prague', 'Hong Kong', 'London'],
    printed: ['METRO LIGNE 4', 'Gate B12 Departures', 'Museum tickets €18', 'ONE WAY', 'Platform 9'],
    spoken: [
      'Which way to the station?',
      'The view from up here is incredible.',
      'Our train leaves in ten minutes.',
      'Let us get tickets for the museum tomorrow.',
    ],
    tags: ['travel', 'city', 'architecture', 'trip', 'europe'],
    videoShare: 0.2,
    faceShare: 0.35,
  },
  {
    name: 'documents',
    labels: ['text', 'paper', 'document', 'receipt', 'page', 'handwriting', 'table'],
    subjects: ['a grocery receipt', 'an electricity bill', 'a plumbing invoice', 'a parking ticket', 'a lease'],
    activities: ['scanned for taxes', 'photographed on the desk', 'kept for the warranty', 'to be reimbursed'],
    scenes: ['desk', 'kitchen table', 'office', 'car dashboard'],
    places: ['home office', 'the bank', 'the tax advisor'],
    printed: [
      'INVOICE #1042 Due: 30 days',
      'Pacific Gas & Electric statement',
      'Amount due $126.40',
      'PARKING VIOLATION fine $65',
      'Warranty valid until 2026',
      'Thank you for shopping at Whole Foods',
      'Subtotal 23.18 Tax 1.91',
    ],
    spoken: ['Remember to send this to the accountant.'],
    tags: ['receipt', 'taxes', 'bills', 'paperwork', 'warranty'],
    videoShare: 0.02,
    faceShare: 0.02,
  },
  {
    name: 'work',
    labels: ['whiteboard', 'laptop', 'screen', 'person', 'office', 'chart', 'meeting room', 'monitor'],
    subjects: ['the product team', 'our manager', 'the new intern', 'the design team', 'a speaker'],
    activities: [
      'presenting the quarterly results',
      'sketching the architecture',
      'planning the sprint',
      'giving a conference talk',
      'brainstorming on sticky notes',
    ],
    scenes: ['meeting room', 'open office', 'conference stage', 'coworking space'],
    places: ['the Berlin office', 'headquarters', 'the offsite', 'the tech conference'],
    printed: [
      'Q3 ROADMAP',
      'Revenue +18% YoY',
      'Sprint 42 goals',
      'Database migration plan',
      'Budget review 2024',
      'Customer churn by region',
    ],
    spoken: [
      'Let us go over the budget for next quarter.',
      'The launch slipped by two weeks.',
      'Can everyone see my screen?',
      'We need to hire two more engineers.',
    ],
    tags: ['work', 'meeting', 'conference', 'slides', 'team'],
    videoShare: 0.3,
    faceShare: 0.5,
  },
  {
    name: 'birthday',
    labels: ['cake', 'candle', 'balloon', 'person', 'gift', 'party hat', 'child', 'table'],
    subjects: ['grandma', 'our daughter', 'the twins', 'my best friend', 'little Leo', 'the whole class'],
    activities: [
      'blowing out the candles',
      'opening presents',
      'singing happy birthday',
      'hitting the piñata',
      'dancing in the living room',
    ],
    scenes: ['living room', 'backyard party', 'restaurant', 'party hall', 'garden'],
    places: ['home', 'grandma’s house', 'the bowling alley', 'the park pavilion'],
    printed: ['HAPPY BIRTHDAY', 'Happy 7th Birthday Leo!', 'You are invited! Saturday 3pm', 'Best Grandma Ever'],
    spoken: [
      'Happy birthday to you, happy birthday dear grandma!',
      'Make a wish!',
      'Who wants a piece of cake?',
      'Thank you all for coming.',
    ],
    tags: ['birthday', 'party', 'family', 'celebration', 'kids'],
    videoShare: 0.35,
    faceShare: 0.85,
  },
  {
    name: 'wedding',
    labels: ['person', 'dress', 'suit', 'flower', 'church', 'ring', 'dance', 'cake', 'bouquet'],
    subjects: ['the bride and groom', 'the bridesmaids', 'my cousin', 'the best man', 'the flower girl'],
    activities: [
      'exchanging rings',
      'cutting the wedding cake',
      'dancing the first dance',
      'giving a toast',
      'walking down the aisle',
      'throwing the bouquet',
    ],
    scenes: ['chapel', 'vineyard', 'reception hall', 'garden ceremony', 'dance floor'],
    places: ['Tuscany', 'Napa Valley', 'the old chapel', 'Lake Como'],
    printed: ['Anna & Mark 06.18', 'Table 12', 'Just Married', 'Welcome to our wedding'],
    spoken: [
      'I have known Mark since we were seven years old.',
      'Please raise your glasses to the happy couple.',
      'You may now kiss the bride.',
    ],
    tags: ['wedding', 'family', 'celebration', 'love'],
    videoShare: 0.35,
    faceShare: 0.9,
  },
  {
    name: 'sports',
    labels: ['ball', 'person', 'field', 'stadium', 'jersey', 'goal', 'bicycle', 'running', 'crowd'],
    subjects: ['the soccer team', 'my son', 'a marathon runner', 'the cyclists', 'the swim team', 'our coach'],
    activities: [
      'scoring a goal',
      'crossing the finish line',
      'warming up before the game',
      'celebrating the win',
      'racing down the hill',
      'practicing free throws',
    ],
    scenes: ['soccer field', 'stadium', 'basketball court', 'race course', 'swimming pool', 'ski slope'],
    places: ['the city stadium', 'Central Park', 'the school gym', 'Whistler'],
    printed: ['FINISH', 'HOME 2 - AWAY 1', 'Bib 1187', 'Go Tigers!'],
    spoken: ['Pass the ball, pass it!', 'What a goal!', 'Two more laps, you can do it.', 'We won the championship!'],
    tags: ['sports', 'soccer', 'game', 'marathon', 'team'],
    videoShare: 0.4,
    faceShare: 0.6,
  },
  {
    name: 'home',
    labels: ['plant', 'flower', 'garden', 'furniture', 'room', 'window', 'tool', 'paint', 'kitchen'],
    subjects: ['the new sofa', 'tomato plants', 'the renovated kitchen', 'the spare bedroom', 'the roses'],
    activities: [
      'before the renovation',
      'after painting the walls',
      'growing in the greenhouse',
      'assembled from flat pack',
      'blooming in spring',
    ],
    scenes: ['garden', 'kitchen', 'bedroom', 'garage', 'balcony', 'greenhouse'],
    places: ['our house', 'the new apartment', 'the allotment'],
    printed: ['Paint: Sage Green 2x5L', 'Assembly step 7 of 12', 'Tomato Sungold', 'Receipt Home Depot'],
    spoken: [
      'This wall used to be bright orange.',
      'The tomatoes are finally ripe.',
      'Look how much light we get now.',
    ],
    tags: ['home', 'garden', 'diy', 'renovation', 'plants'],
    videoShare: 0.1,
    faceShare: 0.1,
  },
  {
    name: 'winter',
    labels: ['snow', 'person', 'ski', 'sled', 'snowman', 'mountain', 'tree', 'christmas tree', 'lights'],
    subjects: ['the kids', 'a snowman', 'grandpa', 'our family', 'the neighbours', 'a skier'],
    activities: [
      'sledding down the hill',
      'building a snowman',
      'skiing in fresh powder',
      'decorating the tree',
      'ice skating on the pond',
      'opening Christmas gifts',
    ],
    scenes: ['snowy hill', 'ski resort', 'frozen lake', 'living room by the fireplace', 'Christmas market'],
    places: ['Aspen', 'Chamonix', 'Vermont', 'Vienna', 'grandpa’s cabin'],
    printed: ['MERRY CHRISTMAS', 'Lift 4 closed', 'Glühwein €4', 'Season pass 2023/24'],
    spoken: ['Faster, faster!', 'Merry Christmas everyone!', 'Careful, the ice is thin there.', 'Snowball fight!'],
    tags: ['winter', 'snow', 'christmas', 'skiing', 'holidays'],
    videoShare: 0.3,
    faceShare: 0.6,
  },
];

const TIMES = [
  'at sunset',
  'in the morning',
  'on a rainy afternoon',
  'at night',
  'on a sunny day',
  'in golden hour light',
  'on a foggy morning',
  '',
  '',
];
const CAMERAS = ['Pixel 7', 'iPhone 13', 'Canon EOS R6', 'GoPro Hero 11', 'Galaxy S22'];
const SENTIMENTS = ['POSITIVE', 'NEUTRAL', 'NEGATIVE', 'MIXED'] as const;

export interface SeedMedia {
  facts: MediaSearchFacts;
  mimeType: string;
  fileSizeBytes: number;
  width: number;
  height: number;
  uploadedAt: Date;
  takenAt: Date | null;
  sentiment: (typeof SENTIMENTS)[number];
  theme: string;
}

/** Which themes a user mostly photographs (cumulative weights), by user number. */
export function userThemes(user: number, random: Random): { theme: Theme; weight: number }[] {
  const favourites = user === 0 ? THEMES.length : 4 + random.int(3);
  const chosen = random.some(THEMES, favourites);
  return chosen.map((theme, i) => ({ theme, weight: 1 / (i + 1) }));
}

function pickWeighted(themes: { theme: Theme; weight: number }[], random: Random): Theme {
  const total = themes.reduce((sum, t) => sum + t.weight, 0);
  let at = random.next() * total;
  for (const { theme, weight } of themes) {
    at -= weight;
    if (at <= 0) return theme;
  }
  return themes.at(-1)!.theme;
}

const NOW = Date.UTC(2026, 10, 25);
const THREE_YEARS_MS = 3 * 365 * 86_400_000;

/** One file of `userId` as analysis and the owner left it. */
export function generateMedia(
  userId: string,
  mediaId: string,
  index: number,
  themes: { theme: Theme; weight: number }[],
  random: Random,
): SeedMedia {
  const theme = pickWeighted(themes, random);
  const other = random.chance(0.2) ? random.pick(THEMES) : null;
  const video = random.chance(theme.videoShare);
  const subject = random.pick(theme.subjects);
  const activity = random.pick(theme.activities);
  const scene = random.pick(theme.scenes);
  const place = random.pick(theme.places);
  const time = random.pick(TIMES);
  const objects = random.some(theme.labels, 2 + random.int(3));
  if (other) objects.push(random.pick(other.labels));
  const summary =
    `${video ? 'A video of' : 'A photo of'} ${subject} ${activity} at the ${scene} in ${place}` +
    `${time ? ` ${time}` : ''}, with ${objects.slice(0, -1).join(', ')} and ${objects.at(-1)} in view.`;

  const labels = [...new Set([...objects, ...random.some(theme.labels, 2)])].map((name) => ({
    name,
    confidence: Math.round((0.45 + random.next() * 0.54) * 100) / 100,
  }));
  const faces = random.chance(theme.faceShare) ? 1 + random.int(6) : 0;
  if (faces > 0 && !labels.some((l) => l.name === 'person')) labels.push({ name: 'person', confidence: 0.93 });

  const text = random.chance(theme.name === 'documents' ? 0.95 : 0.3)
    ? random.some(theme.printed, 1 + random.int(2))
    : [];
  const spoken = video ? random.some(theme.spoken, 1 + random.int(3)) : [];
  if (video && other && random.chance(0.5)) spoken.push(random.pick(other.spoken));
  const transcription = spoken.length ? spoken.join(' ') : null;
  const keyPhrases = [
    activity,
    `${scene}`,
    ...(spoken.length
      ? [
          spoken[0]!
            .replace(/[.!?,]/g, '')
            .split(' ')
            .slice(-3)
            .join(' '),
        ]
      : []),
  ];
  const tags = random.some(theme.tags, random.int(4));
  if (random.chance(0.1)) tags.push(place.toLowerCase().replace(/[’']/g, ''));
  const taken = NOW - random.next() * THREE_YEARS_MS;
  const stamp = new Date(taken).toISOString().replace(/[-:T]/g, '').slice(0, 15);
  const originalFilename = random.chance(0.12)
    ? `${theme.name}_${place.replace(/[^A-Za-z]+/g, '_').toLowerCase()}_${index}.${video ? 'mp4' : 'jpg'}`
    : `${video ? 'VID' : 'IMG'}_${stamp.slice(0, 8)}_${stamp.slice(8)}_${index % 1000}.${video ? 'mp4' : 'jpg'}`;
  const customMetadata: Record<string, unknown> = random.chance(0.25)
    ? { camera: random.pick(CAMERAS), album: `${random.pick(theme.tags)} ${2023 + random.int(3)}` }
    : {};
  const durationSeconds = video ? Math.round((5 + random.next() * 175) * 10) / 10 : null;

  return {
    facts: {
      mediaId,
      userId,
      fileType: video ? 'video' : 'image',
      filename: video ? 'original.mp4' : 'original.jpg',
      originalFilename,
      tags,
      customMetadata,
      summary,
      labels,
      facesCount: faces,
      text,
      transcription,
      keyPhrases,
      durationSeconds,
      status: 'completed',
      deleted: false,
      thumbnailKey: `media/${userId}/${mediaId}/thumbnail.webp`,
    },
    mimeType: video ? 'video/mp4' : 'image/jpeg',
    fileSizeBytes: video ? 5_000_000 + random.int(80_000_000) : 900_000 + random.int(4_000_000),
    width: video ? 1920 : 4032,
    height: video ? 1080 : 3024,
    // Uploaded a little after it was taken; a quarter have no capture date.
    uploadedAt: new Date(Math.min(NOW - 3_600_000, taken + random.next() * 30 * 86_400_000)),
    takenAt: random.chance(0.75) ? new Date(taken) : null,
    sentiment: random.pick(SENTIMENTS),
    theme: theme.name,
  };
}

/** What people type: short descriptions, exact words they remember, paraphrases; some with filters. */
export interface BenchQuery {
  q: string;
  /** Query parameters besides q (type, hasFaces, sort…). */
  params?: Record<string, string>;
}

export const QUERIES: BenchQuery[] = [
  { q: 'kids building a sandcastle on the beach' },
  { q: 'surfing big waves' },
  { q: 'sunset at the beach' },
  { q: 'seashells' },
  { q: 'lifeguard tower' },
  { q: 'dog chasing a ball', params: { type: 'video' } },
  { q: 'cat sleeping on the couch' },
  { q: 'puppy' },
  { q: 'kitten in a basket' },
  { q: 'vet appointment' },
  { q: 'homemade pasta dinner' },
  { q: 'chocolate birthday cake' },
  { q: 'ramen in tokyo' },
  { q: 'coffee shop receipt' },
  { q: 'blue heron cafe' },
  { q: 'hiking to the summit', params: { hasFaces: 'true' } },
  { q: 'waterfall in the forest' },
  { q: 'camping tent by the lake' },
  { q: 'yosemite' },
  { q: 'bear country sign' },
  { q: 'eiffel tower paris at night' },
  { q: 'train station departures board' },
  { q: 'street musician' },
  { q: 'riding bikes along the canal in amsterdam' },
  { q: 'museum tickets' },
  { q: 'electricity bill' },
  { q: 'invoice 1042' },
  { q: 'parking ticket fine' },
  { q: 'warranty', params: { sort: 'date' } },
  { q: 'receipts for taxes', params: { type: 'image' } },
  { q: 'whiteboard architecture sketch' },
  { q: 'quarterly results presentation' },
  { q: 'budget meeting', params: { type: 'video' } },
  { q: 'conference talk on stage' },
  { q: 'sprint planning sticky notes' },
  { q: 'blowing out birthday candles', params: { hasFaces: 'true' } },
  { q: 'happy birthday grandma' },
  { q: 'opening presents', params: { sort: 'date' } },
  { q: 'pinata party' },
  { q: 'wedding first dance', params: { type: 'video' } },
  { q: 'bride and groom cutting the cake' },
  { q: 'toast at the reception' },
  { q: 'vineyard wedding in tuscany' },
  { q: 'soccer goal celebration' },
  { q: 'marathon finish line' },
  { q: 'swim team at the pool' },
  { q: 'basketball practice', params: { type: 'video', sort: 'date' } },
  { q: 'tomato plants in the greenhouse' },
  { q: 'kitchen renovation before and after' },
  { q: 'painting the walls green' },
  { q: 'flat pack furniture assembly' },
  { q: 'building a snowman', params: { hasFaces: 'true' } },
  { q: 'skiing fresh powder' },
  { q: 'christmas tree decorating' },
  { q: 'ice skating on a frozen pond' },
  { q: 'christmas market vienna' },
  { q: 'family photos', params: { hasFaces: 'true', sort: 'date' } },
  { q: 'my dog at the park' },
  { q: 'food market in mexico city' },
  { q: 'mountain sunrise' },
  { q: 'snow', params: { type: 'video' } },
  { q: 'tag:beach sunset', params: { sort: 'date' } },
];

/** A stream of distinct, plausible queries nobody typed before (the cold pass: no cache can answer). */
export function uniqueQueries(count: number, random: Random): BenchQuery[] {
  const seen = new Set<string>();
  const out: BenchQuery[] = [];
  const forms: ((t: Theme) => string)[] = [
    (t) => `${random.pick(t.subjects)} ${random.pick(t.activities)}`,
    (t) => `${random.pick(t.labels)} at the ${random.pick(t.scenes)}`,
    (t) => `${random.pick(t.activities)} in ${random.pick(t.places)}`,
    (t) => `${random.some(t.labels, 2).join(' and ')} ${random.pick(TIMES.filter(Boolean))}`,
    (t) => `${random.pick(t.tags)} ${random.pick(t.scenes)} ${random.pick(t.places)}`,
    (t) =>
      random
        .pick(t.printed)
        .toLowerCase()
        .replace(/[^a-z0-9 ]+/g, ' ')
        .replace(/\s+/g, ' ')
        .trim(),
    (t) => `${random.pick(t.subjects)} ${random.pick(t.labels)} ${random.pick(t.tags)}`,
  ];
  const filters: (Record<string, string> | undefined)[] = [
    undefined,
    undefined,
    undefined,
    undefined,
    { type: 'video' },
    { hasFaces: 'true' },
    { sort: 'date' },
    { type: 'image' },
  ];
  let attempts = 0;
  while (out.length < count && attempts++ < count * 50) {
    const q = random.pick(forms)(random.pick(THEMES)).replace(/[’']/g, '').toLowerCase();
    if (seen.has(q)) continue;
    seen.add(q);
    out.push({ q, params: random.pick(filters) });
  }
  return out;
}
