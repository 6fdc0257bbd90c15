/**
 * The media of bench/relevance, generated the same way on every run:
 *
 * - text images: receipts, invoices, cards, posters, signs, tickets… drawn with ImageMagick in
 *   varied fonts, colours and backgrounds, so what a person remembers of them is their words;
 * - scene photos: real photographs from Debian packages (scikit-image's and OpenCV's sample
 *   data, fetched into .data/bench-media/ once with `apt-get download`) and from node_modules,
 *   each described only by what is really in it and what the local detectors can see there;
 * - videos: a title card and sentences spoken by festival, some on two or three topics, with the
 *   time range of every sentence known so that the moments a search returns can be checked.
 *
 * Every file gets a neutral camera-style name (IMG_4101.jpg, VID_2201.mp4): a person's files
 * are not named after what is in them, and the benchmark must not be won through the filename.
 */
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
export const DEFAULT_CACHE_DIR = join(ROOT, '.data', 'bench-media');

export type MediaGroup = 'text-image' | 'scene-photo' | 'video';

/** One spoken sentence of a video, with where it falls in the video. */
export interface SpokenPart {
  text: string;
  start: number;
  end: number;
}

export interface DatasetMedia {
  /** Stable id of the file in the benchmark: queries name their expected results by it. */
  key: string;
  /** Upload name: camera-style, telling nothing about the content. */
  filename: string;
  path: string;
  kind: 'image' | 'video';
  mimeType: string;
  group: MediaGroup;
  /** What a person sees or hears in it, in plain words. */
  description: string;
  /** Text printed in the picture (text images, title cards, signs in photos). */
  text: string[];
  /** What is really in a photo, in COCO's words, where the local detector finds it too. */
  objects: string[];
  /** Videos: each sentence with its time range, in seconds. */
  speech: SpokenPart[];
  durationSeconds: number | null;
  /** Where a photo comes from: a Debian package's file or a file in node_modules. */
  source: string | null;
}

export interface Dataset {
  dir: string;
  media: DatasetMedia[];
  /** Keys that could not be made here (a package that could not be fetched): queries skip them. */
  missing: string[];
  /** The Debian packages the photos come from, and whether they could be had. */
  packages: { name: string; available: boolean }[];
  warnings: string[];
}

export interface GenerateOptions {
  /** Where the files are written; a new temporary directory by default. */
  dir?: string;
  /** Where photos taken from Debian packages are kept between runs. */
  cacheDir?: string;
  log?: (line: string) => void;
}

// ─── Text images ────────────────────────────────────────────────────────────────────────────────

const FONT_FILES = {
  sans: '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
  sansBold: '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf',
  serif: '/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf',
  serifBold: '/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf',
  serifItalic: '/usr/share/fonts/truetype/dejavu/DejaVuSerif-Italic.ttf',
  mono: '/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf',
  monoBold: '/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf',
  condensedBold: '/usr/share/fonts/truetype/dejavu/DejaVuSansCondensed-Bold.ttf',
  // fonts-urw-base35 (scripts/setup-system.sh): a script, a geometric and a book face.
  script: '/usr/share/fonts/opentype/urw-base35/Z003-MediumItalic.otf',
  gothic: '/usr/share/fonts/opentype/urw-base35/URWGothic-Demi.otf',
  bookman: '/usr/share/fonts/opentype/urw-base35/URWBookman-Light.otf',
  palatinoItalic: '/usr/share/fonts/opentype/urw-base35/P052-Italic.otf',
  narrowBold: '/usr/share/fonts/opentype/urw-base35/NimbusSansNarrow-Bold.otf',
} as const;
type Font = keyof typeof FONT_FILES;
const FALLBACK_FONT = FONT_FILES.sans;

type Gravity = 'NorthWest' | 'North' | 'NorthEast' | 'West' | 'Center' | 'East';

interface Line {
  text: string;
  /** Offset from the gravity's anchor, in pixels. */
  x: number;
  y: number;
  size: number;
  font: Font;
  color: string;
  gravity?: Gravity;
  /** Decoration only: drawn, but not text that OCR is expected to read. */
  decoration?: boolean;
}

interface Shape {
  /** ImageMagick -draw primitive, e.g. "rectangle 0,0 100,50" or "roundrectangle …". */
  draw: string;
  fill: string;
  stroke?: string;
  strokeWidth?: number;
}

interface Card {
  key: string;
  description: string;
  width: number;
  height: number;
  /** A colour, or an ImageMagick generator such as "gradient:#a-#b" or "plasma:…". */
  background: string;
  shapes?: Shape[];
  lines: Line[];
  /** Tilt in degrees, as a photo of a card on a table would be. */
  rotate?: number;
  /** The colour around a tilted card. */
  surround?: string;
  /** Light sensor noise, as in a phone photo. */
  grain?: boolean;
}

/** Lines at a fixed left margin, one under the other. */
function stack(
  texts: string[],
  from: { x: number; y: number; size: number; font: Font; color: string; gap?: number; gravity?: Gravity },
): Line[] {
  const gap = from.gap ?? Math.round(from.size * 1.5);
  return texts.map((text, i) => ({
    text,
    x: from.x,
    y: from.y + i * gap,
    size: from.size,
    font: from.font,
    color: from.color,
    gravity: from.gravity ?? 'NorthWest',
  }));
}

/** A receipt line: item on the left, amount on the right, in a monospaced font. */
function receiptLines(items: [string, string][], width: number, y: number, size: number, color: string): Line[] {
  const columns = Math.floor((width - 80) / (size * 0.61));
  return items.map(([item, amount], i) => ({
    text: item + ' '.repeat(Math.max(1, columns - item.length - amount.length)) + amount,
    x: 40,
    y: y + i * Math.round(size * 1.55),
    size,
    font: 'mono' as Font,
    color,
  }));
}

export const TEXT_CARDS: Card[] = [
  {
    key: 'receipt-cafe',
    description: 'A café receipt from Blue Heron Cafe: cappuccino, muffin, avocado toast, total $16.75.',
    width: 720,
    height: 1100,
    background: '#fbfaf4',
    lines: [
      { text: 'BLUE HERON CAFE', x: 0, y: 60, size: 46, font: 'monoBold', color: '#222', gravity: 'North' },
      { text: '214 Harbor Street', x: 0, y: 130, size: 28, font: 'mono', color: '#333', gravity: 'North' },
      { text: 'Table 7   Server: Nina', x: 0, y: 175, size: 28, font: 'mono', color: '#333', gravity: 'North' },
      ...receiptLines(
        [
          ['Cappuccino', '4.50'],
          ['Blueberry muffin', '3.25'],
          ['Avocado toast', '9.00'],
        ],
        720,
        280,
        32,
        '#222',
      ),
      ...receiptLines([['TOTAL', '$16.75']], 720, 530, 40, '#111'),
      { text: 'VISA **** 4821', x: 40, y: 620, size: 28, font: 'mono', color: '#333' },
      { text: 'Thank you! Come again', x: 0, y: 760, size: 30, font: 'mono', color: '#333', gravity: 'North' },
    ],
    rotate: -3,
    surround: '#6b5a48',
    grain: true,
  },
  {
    key: 'receipt-grocery',
    description: 'A supermarket receipt from Greenleaf Market: bananas, milk, eggs, bread, olive oil, total $23.46.',
    width: 720,
    height: 1150,
    background: '#ffffff',
    lines: [
      { text: 'GREENLEAF MARKET', x: 0, y: 60, size: 44, font: 'monoBold', color: '#1a1a1a', gravity: 'North' },
      { text: 'Fresh food since 1987', x: 0, y: 125, size: 26, font: 'mono', color: '#333', gravity: 'North' },
      ...receiptLines(
        [
          ['Bananas', '1.29'],
          ['Whole milk', '3.49'],
          ['Eggs, dozen', '4.19'],
          ['Sourdough bread', '5.50'],
          ['Olive oil', '8.99'],
        ],
        720,
        230,
        32,
        '#222',
      ),
      ...receiptLines([['TOTAL', '$23.46']], 720, 560, 40, '#111'),
      { text: 'Paid in cash', x: 40, y: 650, size: 28, font: 'mono', color: '#333' },
    ],
    rotate: 2,
    surround: '#9aa3a8',
    grain: true,
  },
  {
    key: 'invoice-plumbing',
    description:
      'Invoice no. 1042 from Riverside Plumbing Co.: faucet replacement and water heater repair, $450.00 due.',
    width: 1240,
    height: 1500,
    background: '#ffffff',
    shapes: [{ draw: 'rectangle 0,0 1240,170', fill: '#1f4e8c' }],
    lines: [
      { text: 'INVOICE', x: 60, y: 45, size: 76, font: 'sansBold', color: '#ffffff' },
      { text: 'Riverside Plumbing Co.', x: 60, y: 230, size: 48, font: 'sansBold', color: '#1f4e8c' },
      ...stack(['Invoice no. 1042', 'Bill to: Anna Morales'], { x: 60, y: 320, size: 34, font: 'sans', color: '#333' }),
      ...stack(['Replace kitchen faucet        $180.00', 'Water heater repair           $270.00'], {
        x: 60,
        y: 520,
        size: 36,
        font: 'sans',
        color: '#222',
        gap: 70,
      }),
      { text: 'Amount due: $450.00', x: 60, y: 760, size: 52, font: 'sansBold', color: '#111' },
      { text: 'Please pay by April 30', x: 60, y: 850, size: 34, font: 'sans', color: '#555' },
    ],
  },
  {
    key: 'invoice-webdesign',
    description: 'Invoice no. 2231 from Brightside Web Design: website redesign and a year of hosting, $3,200.00 due.',
    width: 1240,
    height: 1500,
    background: '#f7fbf7',
    shapes: [{ draw: 'rectangle 0,0 40,1500', fill: '#2e8b57' }],
    lines: [
      { text: 'Brightside Web Design', x: 100, y: 80, size: 54, font: 'gothic', color: '#2e8b57' },
      { text: 'INVOICE', x: 100, y: 80, size: 54, font: 'gothic', color: '#222', gravity: 'NorthEast' },
      ...stack(['Invoice no. 2231', 'Client: Oakridge Dental'], {
        x: 100,
        y: 220,
        size: 34,
        font: 'sans',
        color: '#333',
      }),
      ...stack(['Website redesign        $2,800.00', 'Hosting, 12 months        $400.00'], {
        x: 100,
        y: 420,
        size: 36,
        font: 'sans',
        color: '#222',
        gap: 70,
      }),
      { text: 'Total due: $3,200.00', x: 100, y: 660, size: 52, font: 'sansBold', color: '#111' },
      { text: 'Payment terms: 30 days', x: 100, y: 750, size: 34, font: 'sans', color: '#555' },
    ],
  },
  {
    key: 'electricity-bill',
    description: 'An electricity statement from Metro Power & Light: 642 kWh used, $128.40 due.',
    width: 1240,
    height: 1000,
    background: 'gradient:#fff8e1-#ffffff',
    shapes: [{ draw: 'circle 1080,140 1080,60', fill: '#f5b800' }],
    lines: [
      { text: 'Metro Power & Light', x: 60, y: 70, size: 56, font: 'narrowBold', color: '#3a3a3a' },
      { text: 'Electricity statement', x: 60, y: 160, size: 40, font: 'sans', color: '#3a3a3a' },
      ...stack(['Usage this month: 642 kWh', 'Amount due: $128.40', 'Autopay on June 12'], {
        x: 60,
        y: 330,
        size: 44,
        font: 'sans',
        color: '#111',
        gap: 90,
      }),
    ],
  },
  {
    key: 'birthday-card-grandma',
    description: 'A birthday card: "Happy 80th Birthday Grandmother!", with love from Tom, Lucy and the kids.',
    width: 1200,
    height: 900,
    background: 'gradient:#ffe4ec-#ffc2d4',
    shapes: [
      { draw: 'circle 110,110 110,40', fill: '#ff8fab' },
      { draw: 'circle 1090,790 1090,720', fill: '#ffb3c6' },
      { draw: 'roundrectangle 60,60 1140,840 40,40', fill: 'none', stroke: '#d6336c', strokeWidth: 6 },
    ],
    lines: [
      {
        text: 'Happy 80th Birthday',
        x: 0,
        y: 180,
        size: 96,
        font: 'palatinoItalic',
        color: '#a61e4d',
        gravity: 'North',
      },
      { text: 'Grandmother!', x: 0, y: 320, size: 96, font: 'palatinoItalic', color: '#a61e4d', gravity: 'North' },
      { text: 'With all our love,', x: 0, y: 520, size: 54, font: 'serif', color: '#5c1a33', gravity: 'North' },
      { text: 'Tom, Lucy and the kids', x: 0, y: 600, size: 54, font: 'serif', color: '#5c1a33', gravity: 'North' },
    ],
  },
  {
    key: 'kids-party-invite',
    description: "A child's birthday party invitation: Leo is turning 6, dinosaur party on Saturday at the park.",
    width: 1200,
    height: 900,
    background: '#ffd43b',
    shapes: [
      { draw: 'polygon 0,900 300,620 600,900', fill: '#2f9e44' },
      { draw: 'polygon 500,900 850,560 1200,900', fill: '#37b24d' },
    ],
    lines: [
      { text: "You're invited!", x: 0, y: 70, size: 90, font: 'sansBold', color: '#c92a2a', gravity: 'North' },
      { text: 'Leo is turning 6', x: 0, y: 210, size: 72, font: 'sansBold', color: '#1864ab', gravity: 'North' },
      { text: 'Dinosaur party', x: 0, y: 320, size: 64, font: 'sans', color: '#212529', gravity: 'North' },
      { text: 'Saturday 2 pm at Elm Park', x: 0, y: 410, size: 54, font: 'sans', color: '#212529', gravity: 'North' },
      { text: 'RSVP to Maria', x: 0, y: 490, size: 44, font: 'sans', color: '#212529', gravity: 'North' },
    ],
  },
  {
    key: 'slide-revenue',
    description: 'A presentation slide, Q3 2024 results: revenue grew 12% year over year, operating margin 18%.',
    width: 1600,
    height: 900,
    background: 'gradient:#0b2545-#13315c',
    shapes: [{ draw: 'rectangle 80,200 700,208', fill: '#8da9c4' }],
    lines: [
      { text: 'Q3 2024 Results', x: 80, y: 90, size: 84, font: 'sansBold', color: '#ffffff' },
      ...stack(['Revenue grew 12% year over year', 'Operating margin up to 18%', 'Strong growth in Europe and Asia'], {
        x: 100,
        y: 290,
        size: 56,
        font: 'sans',
        color: '#eef4ed',
        gap: 110,
      }),
    ],
  },
  {
    key: 'slide-hiring',
    description: 'A presentation slide, engineering hiring plan: 14 open roles for 2025 in backend, mobile and data.',
    width: 1600,
    height: 900,
    background: '#ffffff',
    shapes: [{ draw: 'rectangle 0,0 1600,24', fill: '#f76707' }],
    lines: [
      { text: 'Engineering Hiring Plan', x: 80, y: 90, size: 80, font: 'gothic', color: '#212529' },
      ...stack(['14 open roles for 2025', 'Backend, mobile and data teams', 'Onboarding starts in January'], {
        x: 100,
        y: 280,
        size: 56,
        font: 'sans',
        color: '#343a40',
        gap: 110,
      }),
    ],
  },
  {
    key: 'recipe-banana-bread',
    description:
      'A handwritten-style recipe card for banana bread: ripe bananas, butter, sugar, egg, flour; bake 60 minutes.',
    width: 1200,
    height: 1000,
    background: '#fdf6e3',
    shapes: [
      ...Array.from({ length: 8 }, (_, i) => ({
        draw: `line 60,${260 + i * 90} 1140,${260 + i * 90}`,
        fill: 'none',
        stroke: '#a5c8e4',
        strokeWidth: 2,
      })),
      { draw: 'line 0,170 1200,170', fill: 'none', stroke: '#e03131', strokeWidth: 3 },
    ],
    lines: [
      { text: 'Banana Bread', x: 70, y: 50, size: 90, font: 'bookman', color: '#5f3dc4' },
      ...stack(
        [
          '3 ripe bananas, mashed',
          '1/3 cup melted butter',
          '1 cup sugar and 1 egg',
          '1 1/2 cups flour',
          'Bake at 350 F for 60 minutes',
        ],
        { x: 80, y: 200, size: 52, font: 'bookman', color: '#343a40', gap: 90 },
      ),
    ],
    rotate: 4,
    surround: '#8c6d46',
  },
  {
    key: 'street-sign',
    description: 'Street signs against the sky: a green "Maple Ave" name plate above a black and white "ONE WAY" sign.',
    width: 1200,
    height: 1000,
    background: 'gradient:#74c0fc-#d0ebff',
    shapes: [
      { draw: 'rectangle 585,0 615,1000', fill: '#868e96' },
      { draw: 'roundrectangle 230,150 970,330 18,18', fill: '#2b8a3e', stroke: '#ffffff', strokeWidth: 8 },
      { draw: 'rectangle 300,520 900,700', fill: '#111111' },
      { draw: 'polygon 330,580 760,580 760,545 870,610 760,675 760,640 330,640', fill: '#ffffff' },
    ],
    lines: [
      { text: 'Maple Ave', x: 0, y: 175, size: 110, font: 'sansBold', color: '#ffffff', gravity: 'North' },
      { text: 'ONE WAY', x: -40, y: 584, size: 52, font: 'sansBold', color: '#111111', gravity: 'North' },
    ],
  },
  {
    key: 'boarding-pass',
    description: 'An airline boarding pass: flight UA 837 from San Francisco (SFO) to Tokyo (NRT), gate G92, seat 34K.',
    width: 1600,
    height: 700,
    background: '#ffffff',
    shapes: [
      { draw: 'rectangle 0,0 1600,130', fill: '#0c4a9e' },
      { draw: 'line 1180,130 1180,700', fill: 'none', stroke: '#adb5bd', strokeWidth: 3 },
    ],
    lines: [
      { text: 'BOARDING PASS', x: 50, y: 35, size: 64, font: 'sansBold', color: '#ffffff' },
      ...stack(['Passenger: KIM / JOON', 'Flight UA 837', 'From: San Francisco SFO', 'To: Tokyo NRT'], {
        x: 50,
        y: 170,
        size: 44,
        font: 'sans',
        color: '#212529',
        gap: 80,
      }),
      ...stack(['Gate G92', 'Seat 34K', 'Boarding 10:35'], {
        x: 1220,
        y: 190,
        size: 44,
        font: 'sansBold',
        color: '#0c4a9e',
        gap: 100,
      }),
    ],
    rotate: -2,
    surround: '#495057',
  },
  {
    key: 'train-ticket',
    description: 'A rail ticket: off-peak return from Manchester to Leeds, coach C, seat 42, valid 14 March.',
    width: 1400,
    height: 700,
    background: '#fff4e6',
    shapes: [{ draw: 'rectangle 0,0 1400,110', fill: '#e8590c' }],
    lines: [
      { text: 'NATIONAL RAIL', x: 50, y: 25, size: 60, font: 'narrowBold', color: '#ffffff' },
      ...stack(['Off-peak return', 'Manchester to Leeds', 'Coach C  Seat 42', 'Valid 14 March'], {
        x: 50,
        y: 160,
        size: 50,
        font: 'monoBold',
        color: '#343a40',
        gap: 110,
      }),
    ],
    rotate: 3,
    surround: '#343a40',
  },
  {
    key: 'concert-poster',
    description:
      'A concert poster: The Midnight Echoes, live in concert, Friday June 21, Riverside Amphitheater, tickets $35.',
    width: 1000,
    height: 1400,
    background: 'gradient:#1b0033-#000000',
    shapes: [
      { draw: 'circle 500,560 500,360', fill: 'none', stroke: '#e64980', strokeWidth: 14 },
      { draw: 'circle 500,560 500,420', fill: 'none', stroke: '#15aabf', strokeWidth: 8 },
    ],
    lines: [
      { text: 'THE MIDNIGHT', x: 0, y: 90, size: 96, font: 'condensedBold', color: '#ff6bdb', gravity: 'North' },
      { text: 'ECHOES', x: 0, y: 200, size: 120, font: 'condensedBold', color: '#ff6bdb', gravity: 'North' },
      { text: 'Live in Concert', x: 0, y: 800, size: 72, font: 'sans', color: '#66d9e8', gravity: 'North' },
      { text: 'Friday, June 21', x: 0, y: 930, size: 60, font: 'sansBold', color: '#ffffff', gravity: 'North' },
      { text: 'Riverside Amphitheater', x: 0, y: 1020, size: 56, font: 'sans', color: '#ffffff', gravity: 'North' },
      { text: 'Doors 7 pm  Tickets $35', x: 0, y: 1140, size: 52, font: 'sans', color: '#ffd43b', gravity: 'North' },
    ],
  },
  {
    key: 'lost-dog-poster',
    description: 'A lost dog poster: brown beagle named Max, last seen near Elm Park, call 555-0142, reward.',
    width: 1000,
    height: 1300,
    background: '#ffffff',
    shapes: [{ draw: 'rectangle 120,300 880,760', fill: '#dee2e6', stroke: '#868e96', strokeWidth: 4 }],
    lines: [
      { text: 'LOST DOG', x: 0, y: 60, size: 150, font: 'sansBold', color: '#e03131', gravity: 'North' },
      { text: '(photo)', x: 0, y: 500, size: 40, font: 'sans', color: '#868e96', gravity: 'North', decoration: true },
      { text: 'Brown beagle named Max', x: 0, y: 810, size: 58, font: 'sansBold', color: '#212529', gravity: 'North' },
      { text: 'Last seen near Elm Park', x: 0, y: 900, size: 52, font: 'sans', color: '#212529', gravity: 'North' },
      { text: 'Please call 555-0142', x: 0, y: 990, size: 52, font: 'sans', color: '#212529', gravity: 'North' },
      { text: 'REWARD', x: 0, y: 1110, size: 96, font: 'sansBold', color: '#e03131', gravity: 'North' },
    ],
    grain: true,
  },
  {
    key: 'meeting-agenda',
    description: 'A weekly team meeting agenda: project status, budget review, summer vacation schedule.',
    width: 1240,
    height: 1000,
    background: '#ffffff',
    shapes: [{ draw: 'line 60,200 1180,200', fill: 'none', stroke: '#343a40', strokeWidth: 4 }],
    lines: [
      { text: 'Weekly Team Meeting', x: 60, y: 60, size: 70, font: 'serifBold', color: '#212529' },
      { text: 'Agenda - Monday 10:00, Room 3B', x: 60, y: 230, size: 40, font: 'serif', color: '#495057' },
      ...stack(
        ['1. Project status updates', '2. Budget review', '3. Summer vacation schedule', '4. Any other business'],
        {
          x: 90,
          y: 360,
          size: 50,
          font: 'serif',
          color: '#212529',
          gap: 100,
        },
      ),
    ],
  },
  {
    key: 'wifi-note',
    description: 'A yellow sticky note with the home WiFi network name and its password.',
    width: 900,
    height: 900,
    background: '#fff3a0',
    shapes: [{ draw: 'rectangle 0,0 900,90', fill: '#ffe873' }],
    lines: [
      { text: 'WiFi', x: 70, y: 160, size: 110, font: 'script', color: '#1c3f94' },
      { text: 'HomeSweetHome', x: 70, y: 330, size: 90, font: 'script', color: '#1c3f94' },
      { text: 'Password:', x: 70, y: 500, size: 80, font: 'script', color: '#1c3f94' },
      { text: 'sunflower2024', x: 70, y: 640, size: 90, font: 'script', color: '#1c3f94' },
    ],
    rotate: -5,
    surround: '#dee2e6',
    grain: true,
  },
  {
    key: 'gym-schedule',
    description:
      'A gym class timetable from City Fitness: yoga, spin, pilates, boxing and zumba classes through the week.',
    width: 1200,
    height: 1200,
    background: '#212529',
    shapes: [{ draw: 'rectangle 0,0 1200,220', fill: '#f03e3e' }],
    lines: [
      { text: 'CITY FITNESS', x: 0, y: 40, size: 100, font: 'condensedBold', color: '#ffffff', gravity: 'North' },
      { text: 'Class Schedule', x: 0, y: 260, size: 64, font: 'sansBold', color: '#ffd43b', gravity: 'North' },
      ...stack(
        ['Mon  7:00  Yoga', 'Tue  18:00  Spin', 'Wed  12:00  Pilates', 'Thu  19:00  Boxing', 'Sat  9:00  Zumba'],
        {
          x: 220,
          y: 420,
          size: 62,
          font: 'monoBold',
          color: '#f8f9fa',
          gap: 130,
        },
      ),
    ],
  },
  {
    key: 'wedding-invitation',
    description: 'A wedding invitation: Emma Johnson and Daniel Park, Saturday September 14 2025, Rosewood Gardens.',
    width: 1000,
    height: 1400,
    background: '#fffdf5',
    shapes: [{ draw: 'rectangle 50,50 950,1350', fill: 'none', stroke: '#c9a227', strokeWidth: 6 }],
    lines: [
      {
        text: 'Together with their families',
        x: 0,
        y: 170,
        size: 48,
        font: 'serifItalic',
        color: '#5c4b1e',
        gravity: 'North',
      },
      { text: 'Emma Johnson', x: 0, y: 330, size: 100, font: 'palatinoItalic', color: '#8a6d1d', gravity: 'North' },
      { text: 'and', x: 0, y: 470, size: 56, font: 'serifItalic', color: '#5c4b1e', gravity: 'North' },
      { text: 'Daniel Park', x: 0, y: 560, size: 100, font: 'palatinoItalic', color: '#8a6d1d', gravity: 'North' },
      {
        text: 'request the pleasure of your company',
        x: 0,
        y: 760,
        size: 42,
        font: 'serifItalic',
        color: '#5c4b1e',
        gravity: 'North',
      },
      { text: 'at their wedding', x: 0, y: 830, size: 42, font: 'serifItalic', color: '#5c4b1e', gravity: 'North' },
      {
        text: 'Saturday, September 14, 2025',
        x: 0,
        y: 980,
        size: 48,
        font: 'serif',
        color: '#3d3316',
        gravity: 'North',
      },
      { text: 'Rosewood Gardens', x: 0, y: 1070, size: 48, font: 'serif', color: '#3d3316', gravity: 'North' },
    ],
  },
  {
    key: 'cat-adoption-poster',
    description: 'A poster for a cat adoption day at Whiskers Rescue Shelter: kittens and adult cats, all vaccinated.',
    width: 1000,
    height: 1300,
    background: '#0ca678',
    shapes: [{ draw: 'roundrectangle 70,380 930,1180 30,30', fill: '#e6fcf5' }],
    lines: [
      { text: 'ADOPT', x: 0, y: 60, size: 150, font: 'sansBold', color: '#ffffff', gravity: 'North' },
      { text: 'A CAT', x: 0, y: 220, size: 120, font: 'sansBold', color: '#ffffff', gravity: 'North' },
      { text: 'Whiskers Rescue Shelter', x: 0, y: 450, size: 54, font: 'sansBold', color: '#087f5b', gravity: 'North' },
      ...stack(['Adoption day this Saturday', 'Kittens and adult cats', 'All vaccinated', '10 am to 4 pm'], {
        x: 0,
        y: 620,
        size: 52,
        font: 'sans',
        color: '#212529',
        gap: 120,
        gravity: 'North',
      }),
    ],
  },
  {
    key: 'shopping-list',
    description: 'A handwritten shopping list: milk, eggs, bread, coffee beans, apples, dog food.',
    width: 800,
    height: 1100,
    background: '#ffffff',
    shapes: Array.from({ length: 10 }, (_, i) => ({
      draw: `line 40,${240 + i * 90} 760,${240 + i * 90}`,
      fill: 'none',
      stroke: '#bac8ff',
      strokeWidth: 2,
    })),
    lines: [
      { text: 'Shopping list', x: 60, y: 80, size: 96, font: 'script', color: '#212529' },
      ...stack(['milk', 'eggs', 'bread', 'coffee beans', 'apples', 'dog food'], {
        x: 90,
        y: 250,
        size: 80,
        font: 'script',
        color: '#364fc7',
        gap: 90,
      }),
    ],
    rotate: 2,
    surround: '#ced4da',
    grain: true,
  },
  {
    key: 'restaurant-menu',
    description:
      "A menu from Luigi's Trattoria: margherita pizza, spaghetti carbonara, lasagna, tiramisu, house red wine.",
    width: 1000,
    height: 1400,
    background: '#5c0f14',
    shapes: [{ draw: 'rectangle 40,40 960,1360', fill: 'none', stroke: '#f1d9a7', strokeWidth: 4 }],
    lines: [
      { text: "Luigi's Trattoria", x: 0, y: 100, size: 90, font: 'palatinoItalic', color: '#f1d9a7', gravity: 'North' },
      ...stack(
        [
          'Margherita pizza    12',
          'Spaghetti carbonara 15',
          'Lasagna             14',
          'Tiramisu             7',
          'House red wine       6',
        ],
        {
          x: 110,
          y: 340,
          size: 52,
          font: 'mono',
          color: '#fff5e1',
          gap: 150,
        },
      ),
    ],
  },
  {
    key: 'dentist-reminder',
    description: 'An appointment reminder card: Dr. Priya Patel, dental checkup, Tuesday May 7 at 9:30 AM.',
    width: 1200,
    height: 800,
    background: '#e7f5ff',
    shapes: [{ draw: 'roundrectangle 40,40 1160,760 30,30', fill: '#ffffff', stroke: '#339af0', strokeWidth: 5 }],
    lines: [
      { text: 'Appointment reminder', x: 90, y: 90, size: 68, font: 'sansBold', color: '#1864ab' },
      ...stack(
        ['Dr. Priya Patel, DDS', 'Dental checkup', 'Tuesday, May 7 at 9:30 AM', 'Please arrive 10 minutes early'],
        {
          x: 90,
          y: 240,
          size: 50,
          font: 'sans',
          color: '#212529',
          gap: 110,
        },
      ),
    ],
  },
  {
    key: 'parking-ticket',
    description: 'A parking citation for an expired meter at 5th St & Pine, fine $65.',
    width: 800,
    height: 1200,
    background: '#fff0f6',
    shapes: [{ draw: 'rectangle 0,0 800,150', fill: '#ffffff' }],
    lines: [
      { text: 'PARKING CITATION', x: 0, y: 45, size: 64, font: 'narrowBold', color: '#c2255c', gravity: 'North' },
      ...stack(
        [
          'Violation: expired meter',
          'Location: 5th St & Pine',
          'Vehicle: blue Honda Civic',
          'Fine: $65',
          'Pay within 21 days',
        ],
        {
          x: 50,
          y: 250,
          size: 46,
          font: 'monoBold',
          color: '#343a40',
          gap: 130,
        },
      ),
    ],
    rotate: -4,
    surround: '#adb5bd',
    grain: true,
  },
  {
    key: 'business-card',
    description: 'A business card: Sarah Chen, senior architect at Northwind Studio, with email and phone number.',
    width: 1050,
    height: 600,
    background: '#f8f9fa',
    shapes: [{ draw: 'rectangle 0,520 1050,600', fill: '#364fc7' }],
    lines: [
      { text: 'Sarah Chen', x: 70, y: 80, size: 80, font: 'gothic', color: '#212529' },
      { text: 'Senior Architect', x: 70, y: 190, size: 46, font: 'sans', color: '#495057' },
      { text: 'Northwind Studio', x: 70, y: 300, size: 50, font: 'sansBold', color: '#364fc7' },
      { text: 'sarah@northwind.studio  +1 415 555 0199', x: 70, y: 420, size: 34, font: 'sans', color: '#495057' },
    ],
    rotate: 6,
    surround: '#5c3d2e',
  },
  {
    key: 'thank-you-note',
    description: 'A handwritten thank-you note for beautiful flowers, from Aunt Julia.',
    width: 1100,
    height: 800,
    background: '#f3f0ff',
    lines: [
      { text: 'Thank you so much', x: 0, y: 150, size: 100, font: 'script', color: '#5f3dc4', gravity: 'North' },
      {
        text: 'for the beautiful flowers!',
        x: 0,
        y: 320,
        size: 84,
        font: 'script',
        color: '#5f3dc4',
        gravity: 'North',
      },
      { text: 'Love, Aunt Julia', x: 0, y: 520, size: 80, font: 'script', color: '#5f3dc4', gravity: 'North' },
    ],
    grain: true,
  },
];

/** `-annotate` text: ImageMagick expands `%` escapes and a leading `@` reads a file. */
function magickText(text: string): string {
  const escaped = text.replace(/\\/g, '\\\\').replace(/%/g, '%%');
  return escaped.startsWith('@') ? `\\${escaped}` : escaped;
}

function fontPath(font: Font, warnings: Set<string>): string {
  const path = FONT_FILES[font];
  if (existsSync(path)) return path;
  warnings.add(`font ${path} is missing (fonts-urw-base35?): DejaVu Sans is used instead`);
  return FALLBACK_FONT;
}

function renderCard(card: Card, out: string, warnings: Set<string>): void {
  const args = ['-size', `${card.width}x${card.height}`];
  args.push(card.background.includes(':') ? card.background : `xc:${card.background}`);
  for (const shape of card.shapes ?? []) {
    args.push('-fill', shape.fill, '-stroke', shape.stroke ?? 'none', '-strokewidth', String(shape.strokeWidth ?? 1));
    args.push('-draw', shape.draw);
  }
  args.push('-stroke', 'none');
  for (const line of card.lines) {
    args.push('-gravity', line.gravity ?? 'NorthWest', '-font', fontPath(line.font, warnings));
    args.push('-pointsize', String(line.size), '-fill', line.color);
    args.push('-annotate', `+${line.x}+${line.y}`, magickText(line.text));
  }
  args.push('-gravity', 'NorthWest');
  if (card.grain) args.push('-attenuate', '0.25', '+noise', 'Gaussian');
  if (card.rotate) {
    args.push('-bordercolor', card.surround ?? 'white', '-border', '60');
    args.push('-background', card.surround ?? 'white', '-rotate', String(card.rotate));
  }
  // No randomness is left in: the same ImageMagick draws the same pixels (+noise uses a fixed seed).
  execFileSync(magick(), ['-seed', '7', ...args, '-strip', '-quality', '90', out]);
}

let magickCommand: string | undefined;
/** ImageMagick 7's `magick`, or 6's `convert` (not the PNG-only stand-in some sandboxes put first on PATH). */
function magick(): string {
  if (magickCommand) return magickCommand;
  for (const candidate of ['magick', '/usr/bin/convert', 'convert']) {
    try {
      const version = execFileSync(candidate, ['-version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
      if (version.includes('ImageMagick')) return (magickCommand = candidate);
    } catch {
      // Try the next one.
    }
  }
  throw new Error('ImageMagick is not installed: run scripts/setup-system.sh (apt-get install imagemagick)');
}

// ─── Scene photos ───────────────────────────────────────────────────────────────────────────────

/** A Debian package whose files hold real photos; fetched with apt-get download, never installed. */
interface PhotoSource {
  package: string;
  /** Path suffixes of the wanted files inside the package. */
  files: string[];
}

interface PhotoSpec {
  key: string;
  description: string;
  /** COCO words for what is really there and the local detector does find (see probe.ts). */
  objects: string[];
  /** Words written in the scene that OCR reads. */
  text?: string[];
  /** `deb:<package>:<path suffix>` or a path under node_modules. */
  from: string;
  crop?: { width: number; height: number; x: number; y: number };
  mirror?: boolean;
}

const SKIMAGE = 'python3-skimage';
const OPENCV_DOC = 'opencv-doc';

/*
 * What the local detectors saw on each photo (probe.ts, CenterNet + BlazeFace + OCR), noted so
 * the ground truth stays honest:
 *   chelsea: cat 0.47; kitten: cat 0.60; coffee: cup 0.55; dog: dog 0.39; astronaut: person 0.60,
 *   1 face; cameraman: person 0.58, 1 face; portrait: person 0.81, 1 face; motorcycles: motorcycle
 *   0.65/0.71; double-decker: bus 0.88, car ×2; city bus: bus 0.83; football: person ×10, ball 0.41;
 *   fruits: orange ×3, apple ×2 (the "apples" are limes); robin: bird 0.62; street notice: person
 *   ×2, car, its notice read; signpost: read (Wivenhoe misread); car rear: car 0.52; candle: wine
 *   glass 0.53; campus walk: person ×8; party sheet: person ×8, 3 faces; street robot: person ×4;
 *   shop front: car, person, its name read; squirrel: "bird" 0.40 (wrong); rocket, lake, tree:
 *   nothing.
 */
export const PHOTOS: PhotoSpec[] = [
  {
    key: 'photo-cat-chelsea',
    description: 'Close-up of a tabby cat.',
    objects: ['cat'],
    from: `deb:${SKIMAGE}:skimage/data/chelsea.png`,
  },
  {
    key: 'photo-kitten',
    description: 'A tabby and white kitten looking down, on a wooden floor.',
    objects: ['cat'],
    from: `deb:${OPENCV_DOC}:html/cat_det.jpg`,
    crop: { width: 343, height: 278, x: 37, y: 2 },
  },
  {
    key: 'photo-dog',
    description: 'A small long-haired dog with its tongue out, on a blue blanket.',
    objects: ['dog'],
    from: `deb:${OPENCV_DOC}:html/Pyramids_Tutorial_Original_Image.jpg`,
    crop: { width: 296, height: 292, x: 3, y: 0 },
  },
  {
    key: 'photo-coffee',
    description: 'A cup of coffee on a saucer with a spoon, on a wooden table.',
    objects: ['cup'],
    from: `deb:${SKIMAGE}:skimage/data/coffee.png`,
  },
  {
    key: 'photo-astronaut',
    description: 'Portrait of an astronaut in an orange flight suit, holding a helmet, an American flag behind.',
    objects: ['person'],
    from: `deb:${SKIMAGE}:skimage/data/astronaut.png`,
  },
  {
    key: 'photo-cameraman',
    description: 'Black and white photo of a man with a camera on a tripod, on a lawn.',
    objects: ['person'],
    from: `deb:${SKIMAGE}:skimage/data/camera.png`,
  },
  {
    key: 'photo-portrait',
    description: 'Portrait of a smiling young man with long hair, in a white T-shirt.',
    objects: ['person'],
    from: `deb:${OPENCV_DOC}:html/227943776_1.jpg`,
  },
  {
    key: 'photo-motorcycle',
    description: 'A red motorcycle parked in a garage, seen from the side.',
    objects: ['motorcycle'],
    from: `deb:${SKIMAGE}:skimage/data/motorcycle_left.png`,
  },
  {
    key: 'photo-motorcycle-2',
    description: 'The same red motorcycle in the garage, from a slightly different viewpoint.',
    objects: ['motorcycle'],
    from: `deb:${SKIMAGE}:skimage/data/motorcycle_right.png`,
  },
  {
    key: 'photo-double-decker',
    description: 'A red double-decker bus in a London street, taxis beside it and Big Ben behind.',
    objects: ['bus', 'car'],
    from: `deb:${OPENCV_DOC}:html/pexels_double_decker_bus.jpg`,
  },
  {
    key: 'photo-city-bus',
    description: 'A red city bus in a street between old buildings, posts and chains in front.',
    objects: ['bus'],
    from: `deb:${OPENCV_DOC}:html/bus_det.jpg`,
    crop: { width: 416, height: 380, x: 0, y: 36 },
  },
  {
    key: 'photo-football',
    description: 'A football player in a striped kit about to kick the ball, a stadium crowd behind.',
    objects: ['person', 'ball'],
    from: `deb:${OPENCV_DOC}:examples/data/messi5.jpg`,
  },
  {
    key: 'photo-fruits',
    description: 'Halved oranges, limes, a lemon and a kiwi, close up.',
    objects: ['orange'],
    from: `deb:${OPENCV_DOC}:examples/data/fruits.jpg`,
  },
  {
    key: 'photo-robin',
    description: 'A robin perched on a rail, blurred background.',
    objects: ['bird'],
    from: `deb:${OPENCV_DOC}:hfs/data/000.jpg`,
  },
  {
    key: 'photo-street-notice',
    description: 'A street with a "Notice: double parking prohibited at all times" sign, a parked car and passers-by.',
    objects: ['person', 'car'],
    text: ['NOTICE', 'DOUBLE PARKING PROHIBITED AT ALL TIMES'],
    from: `deb:${OPENCV_DOC}:text/scenetext01.jpg`,
  },
  {
    key: 'photo-signpost',
    description: 'A campus direction sign: Sports Centre, Wivenhoe Park, Conference Centre, Car Parks.',
    objects: [],
    text: ['Sports Centre', 'Conference Centre', 'Car Parks'],
    from: `deb:${OPENCV_DOC}:text/scenetext02.jpg`,
  },
  {
    key: 'photo-shop-front',
    description: 'A yellow shop front, "Priory Galleries at the Ship", with a red car parked on the street.',
    objects: ['car'],
    text: ['Priory Galleries', 'the Ship'],
    from: `deb:${OPENCV_DOC}:text/scenetext06.jpg`,
  },
  {
    key: 'photo-car-rear',
    description: 'The back of a silver car on a road, slightly blurred.',
    objects: ['car'],
    from: `deb:${OPENCV_DOC}:examples/data/licenseplate_motion.jpg`,
  },
  {
    key: 'photo-candle-glass',
    description: 'A lit candle beside an empty wine glass, in the dark.',
    objects: ['wine glass'],
    from: `deb:${OPENCV_DOC}:html/HDRtoneMapping_candleSample.jpg`,
    crop: { width: 500, height: 480, x: 530, y: 65 },
  },
  {
    key: 'photo-campus-walk',
    description: 'People walking on paths across a green campus lawn, seen from above.',
    objects: ['person'],
    from: `deb:${OPENCV_DOC}:html/Background_Subtraction_Tutorial_frame.jpg`,
  },
  {
    key: 'photo-squirrel',
    description: 'A red squirrel eating on a branch among green leaves.',
    objects: [],
    from: `deb:${OPENCV_DOC}:examples/data/squirrel_cls.jpg`,
  },
  {
    key: 'photo-rocket',
    description: 'A rocket on its launch pad at night, lit by floodlights.',
    objects: [],
    from: `deb:${SKIMAGE}:skimage/data/rocket.jpg`,
  },
  {
    key: 'photo-lake',
    description: 'A calm lake with a forested shore under a blue sky.',
    objects: [],
    from: `deb:${OPENCV_DOC}:hfs/data/001.jpg`,
  },
  {
    key: 'photo-tree',
    description: 'A lone tree in a green meadow under a blue sky with clouds.',
    objects: [],
    from: `deb:${OPENCV_DOC}:hfs/data/002.jpg`,
  },
  {
    key: 'photo-party',
    description:
      'A group of young women posing at a party in a hotel lobby, small portraits in a strip above (face-detection overlays drawn on).',
    objects: ['person'],
    // Whole: cropped to the group alone, the detector finds fewer people (4 at 0.44–0.52 rather than 8 at 0.56).
    from: 'node_modules/@vladmandic/human/assets/samples.jpg',
  },
  {
    key: 'photo-street-robot',
    description: 'A film still: a robot on a city street, people walking behind it.',
    objects: ['person'],
    from: 'node_modules/autocannon/test/j5.jpeg',
  },
];

function debSource(spec: PhotoSpec): { pkg: string; suffix: string } | null {
  const match = /^deb:([^:]+):(.+)$/.exec(spec.from);
  return match ? { pkg: match[1], suffix: match[2] } : null;
}

function photoSources(): PhotoSource[] {
  const byPackage = new Map<string, string[]>();
  for (const spec of PHOTOS) {
    const deb = debSource(spec);
    if (deb) byPackage.set(deb.pkg, [...(byPackage.get(deb.pkg) ?? []), deb.suffix]);
  }
  return [...byPackage].map(([pkg, files]) => ({ package: pkg, files }));
}

const cachedName = (suffix: string) => suffix.replace(/\//g, '__');

/**
 * The wanted files of a Debian package, in `cacheDir/<package>/`: downloaded (not installed) and
 * unpacked the first time, read from the cache after. Null when apt cannot get the package.
 */
function fetchPackageFiles(source: PhotoSource, cacheDir: string, log: (line: string) => void): string | null {
  const dir = join(cacheDir, source.package);
  if (source.files.every((file) => existsSync(join(dir, cachedName(file))))) return dir;
  const work = mkdtempSync(join(tmpdir(), 'ams-relevance-deb-'));
  // apt-get download drops to the _apt user when it can write the directory.
  chmodSync(work, 0o777);
  try {
    log(`fetching Debian package ${source.package} for its sample photos…`);
    const download = () =>
      execFileSync('apt-get', ['download', '-qq', source.package], { cwd: work, stdio: ['ignore', 'ignore', 'pipe'] });
    try {
      download();
    } catch {
      // Package lists may be missing on a fresh machine; refresh them when allowed.
      if (process.getuid?.() !== 0) throw new Error('apt-get download failed and refreshing the lists needs root');
      execFileSync('apt-get', ['update', '-qq'], { stdio: ['ignore', 'ignore', 'pipe'] });
      download();
    }
    const deb = readdirSync(work).find((name) => name.endsWith('.deb'));
    if (!deb) throw new Error('apt-get download produced no .deb');
    const unpacked = join(work, 'x');
    execFileSync('dpkg-deb', ['-x', join(work, deb), unpacked]);
    const everything = listFiles(unpacked);
    mkdirSync(dir, { recursive: true });
    for (const file of source.files) {
      const found = everything.find((path) => path.endsWith(`/${file}`));
      if (!found) throw new Error(`${source.package} has no file ending in ${file}`);
      copyFileSync(found, join(dir, cachedName(file)));
    }
    writeFileSync(join(dir, 'SOURCE'), `${deb}\n`);
    return dir;
  } catch (error) {
    log(`WARNING: could not get ${source.package} (${(error as Error).message.split('\n')[0]})`);
    return null;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const stat = statSync(path, { throwIfNoEntry: false });
    if (stat?.isDirectory()) out.push(...listFiles(path));
    else if (stat?.isFile()) out.push(path);
  }
  return out;
}

function renderPhoto(spec: PhotoSpec, input: string, out: string): void {
  const args = [input, '-auto-orient'];
  if (spec.crop) args.push('-crop', `${spec.crop.width}x${spec.crop.height}+${spec.crop.x}+${spec.crop.y}`, '+repage');
  if (spec.mirror) args.push('-flop');
  // Keep the camera's EXIF (date, model) as a phone's upload would; PNG sources become JPEG.
  execFileSync(magick(), [...args, '-quality', '92', out]);
}

// ─── Videos ─────────────────────────────────────────────────────────────────────────────────────

interface VideoSpec {
  key: string;
  description: string;
  /** The title card shown for the whole video. */
  title: string[];
  background: string;
  color: string;
  sentences: string[];
}

/** Silence before the first sentence, between sentences and after the last one, in seconds. */
const LEAD_IN = 0.5;
const GAP = 1.2;
const TAIL = 1.0;

export const VIDEOS: VideoSpec[] = [
  {
    key: 'video-cooking',
    description: 'A cooking video: making tomato soup, chopping onions and garlic, simmering twenty minutes.',
    title: ['Sunday Kitchen'],
    background: '#fff4e6',
    color: '#d9480f',
    sentences: [
      'Today we are making a simple tomato soup.',
      'Chop two onions and a little garlic, then let the soup simmer for twenty minutes.',
    ],
  },
  {
    key: 'video-earnings-call',
    description: 'A company earnings call: welcome, revenue grew twelve percent, a new office in Chicago next month.',
    title: ['Investor Update'],
    background: '#0b2545',
    color: '#ffffff',
    sentences: [
      'Welcome to our quarterly earnings call.',
      'Revenue grew twelve percent compared with last year.',
      'Next month we open a new office in Chicago.',
    ],
  },
  {
    key: 'video-travel-lisbon',
    description:
      'A travel vlog: just landed in Lisbon in beautiful weather; tomorrow the old yellow tram to the castle.',
    title: ['Day One'],
    background: '#e7f5ff',
    color: '#1864ab',
    sentences: [
      'We just landed in Lisbon and the weather is beautiful.',
      'Tomorrow we take the old yellow tram up to the castle.',
    ],
  },
  {
    key: 'video-birthday-party',
    description:
      "A birthday party: singing happy birthday to Sophie, making a wish and blowing out the cake's candles.",
    title: ['Sophie'],
    background: '#fff0f6',
    color: '#c2255c',
    sentences: ['Happy birthday dear Sophie.', 'Make a wish and blow out the candles on your cake.'],
  },
  {
    key: 'video-weather',
    description: 'A weather forecast: heavy rain and strong winds this afternoon, a sunny warm weekend.',
    title: ['Morning News'],
    background: '#343a40',
    color: '#ffd43b',
    sentences: [
      'Good morning, here is your weather forecast.',
      'Expect heavy rain this afternoon with strong winds on the coast.',
      'The weekend will be sunny and warm.',
    ],
  },
  {
    key: 'video-puppy-training',
    description: 'Training a new puppy to sit and stay; praising the dog, Biscuit, and asking it to lie down.',
    title: ['Training Day'],
    background: '#ebfbee',
    color: '#2b8a3e',
    sentences: ['We are teaching our new puppy to sit and stay.', 'Good dog, Biscuit. Now lie down.'],
  },
  {
    key: 'video-history-lecture',
    description: 'A history lecture on the Roman Empire, which reached its greatest size under the emperor Trajan.',
    title: ['Lecture 4'],
    background: '#f8f0e3',
    color: '#5c3d2e',
    sentences: [
      'In this lecture we discuss the history of the Roman Empire.',
      'The empire reached its greatest size under the emperor Trajan.',
    ],
  },
  {
    key: 'video-workout',
    description: 'A home workout: a five minute warm up, then twenty push ups and a thirty second plank.',
    title: ['Home Workout'],
    background: '#212529',
    color: '#f03e3e',
    sentences: [
      "Let's start with a five minute warm up.",
      'Now do twenty push ups and hold a plank for thirty seconds.',
    ],
  },
  {
    key: 'video-podcast',
    description:
      'A podcast episode about saving money for retirement, then after the break the best hiking trails in Colorado.',
    title: ['Episode 12'],
    background: '#f3f0ff',
    color: '#5f3dc4',
    sentences: [
      'Welcome back to the podcast. Today we talk about saving money for retirement.',
      'After the break, we review the best hiking trails in Colorado.',
    ],
  },
  {
    key: 'video-voicemail-dentist',
    description:
      "A recorded voicemail: Doctor Patel's office confirming a dental appointment on Tuesday at nine thirty.",
    title: ['Voicemail'],
    background: '#e3fafc',
    color: '#0b7285',
    sentences: [
      "Hi, this is Doctor Patel's office calling to confirm your dental appointment on Tuesday at nine thirty.",
    ],
  },
];

interface Wav {
  sampleRate: number;
  channels: number;
  bitsPerSample: number;
  data: Buffer;
}

/** A PCM WAV file's format and samples (festival writes 16-bit mono RIFF). */
function readWav(path: string): Wav {
  const bytes = readFileSync(path);
  if (bytes.toString('ascii', 0, 4) !== 'RIFF' || bytes.toString('ascii', 8, 12) !== 'WAVE')
    throw new Error(`${path} is not a WAV file`);
  let offset = 12;
  let format: Omit<Wav, 'data'> | null = null;
  while (offset + 8 <= bytes.length) {
    const id = bytes.toString('ascii', offset, offset + 4);
    const size = bytes.readUInt32LE(offset + 4);
    if (id === 'fmt ')
      format = {
        channels: bytes.readUInt16LE(offset + 10),
        sampleRate: bytes.readUInt32LE(offset + 12),
        bitsPerSample: bytes.readUInt16LE(offset + 22),
      };
    if (id === 'data' && format) return { ...format, data: bytes.subarray(offset + 8, offset + 8 + size) };
    offset += 8 + size + (size % 2);
  }
  throw new Error(`${path} has no PCM data`);
}

function writeWav(path: string, format: Omit<Wav, 'data'>, data: Buffer): void {
  const header = Buffer.alloc(44);
  const blockAlign = (format.channels * format.bitsPerSample) / 8;
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVEfmt ', 8, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(format.channels, 22);
  header.writeUInt32LE(format.sampleRate, 24);
  header.writeUInt32LE(format.sampleRate * blockAlign, 28);
  header.writeUInt16LE(blockAlign, 32);
  header.writeUInt16LE(format.bitsPerSample, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(data.length, 40);
  writeFileSync(path, Buffer.concat([header, data]));
}

/** Speaks each sentence with festival and lays them end to end with pauses; returns each one's time range. */
function speak(spec: VideoSpec, workDir: string): { wav: string; parts: SpokenPart[]; duration: number } {
  const waves = spec.sentences.map((sentence, i) => {
    const path = join(workDir, `${spec.key}-${i}.wav`);
    execFileSync('text2wave', ['-o', path], { input: sentence });
    return readWav(path);
  });
  const format = waves[0];
  const bytesPerSecond = (format.sampleRate * format.channels * format.bitsPerSample) / 8;
  const silence = (seconds: number) =>
    Buffer.alloc(Math.round(seconds * format.sampleRate) * ((format.channels * format.bitsPerSample) / 8));
  const chunks: Buffer[] = [silence(LEAD_IN)];
  const parts: SpokenPart[] = [];
  let at = LEAD_IN;
  waves.forEach((wave, i) => {
    if (wave.sampleRate !== format.sampleRate || wave.channels !== format.channels)
      throw new Error('festival changed its output format between sentences');
    const seconds = wave.data.length / bytesPerSecond;
    parts.push({ text: spec.sentences[i], start: round(at), end: round(at + seconds) });
    chunks.push(wave.data);
    at += seconds;
    const pause = i < waves.length - 1 ? GAP : TAIL;
    chunks.push(silence(pause));
    at += pause;
  });
  const wav = join(workDir, `${spec.key}.wav`);
  writeWav(wav, format, Buffer.concat(chunks));
  return { wav, parts, duration: round(at) };
}

const round = (seconds: number) => Math.round(seconds * 100) / 100;

function renderVideo(
  spec: VideoSpec,
  out: string,
  workDir: string,
  warnings: Set<string>,
): { parts: SpokenPart[]; duration: number } {
  const slide = join(workDir, `${spec.key}.jpg`);
  renderCard(
    {
      key: spec.key,
      description: spec.description,
      width: 1280,
      height: 720,
      background: spec.background,
      lines: spec.title.map((text, i) => ({
        text,
        x: 0,
        y: 280 + i * 110,
        size: 96,
        font: 'sansBold',
        color: spec.color,
        gravity: 'North',
      })),
    },
    slide,
    warnings,
  );
  const { wav, parts, duration } = speak(spec, workDir);
  const seconds = duration.toFixed(2);
  execFileSync('ffmpeg', [
    '-nostdin',
    '-v',
    'error',
    '-y',
    '-loop',
    '1',
    '-framerate',
    '10',
    '-t',
    seconds,
    '-i',
    slide,
    '-i',
    wav,
    '-map',
    '0:v',
    '-map',
    '1:a',
    '-c:v',
    'libx264',
    '-pix_fmt',
    'yuv420p',
    '-c:a',
    'aac',
    '-t',
    seconds,
    // Reproducible files: no creation time or encoder string that changes between runs.
    '-map_metadata',
    '-1',
    '-fflags',
    '+bitexact',
    '-flags:v',
    '+bitexact',
    '-flags:a',
    '+bitexact',
    out,
  ]);
  return { parts, duration };
}

// ─── The dataset ────────────────────────────────────────────────────────────────────────────────

/** Every key of the dataset, whether or not this machine can make the file: queries are checked against it. */
export const ALL_KEYS: readonly string[] = [
  ...TEXT_CARDS.map((c) => c.key),
  ...PHOTOS.map((p) => p.key),
  ...VIDEOS.map((v) => v.key),
];

export async function generateDataset(options: GenerateOptions = {}): Promise<Dataset> {
  const log = options.log ?? (() => undefined);
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'ams-relevance-'));
  const cacheDir = options.cacheDir ?? DEFAULT_CACHE_DIR;
  mkdirSync(dir, { recursive: true });
  const workDir = join(dir, '.work');
  mkdirSync(workDir, { recursive: true });
  const warnings = new Set<string>();
  const media: DatasetMedia[] = [];
  const missing: string[] = [];
  let imageNumber = 4101;
  let videoNumber = 2201;

  for (const card of TEXT_CARDS) {
    const filename = `IMG_${imageNumber++}.jpg`;
    const path = join(dir, filename);
    renderCard(card, path, warnings);
    media.push({
      key: card.key,
      filename,
      path,
      kind: 'image',
      mimeType: 'image/jpeg',
      group: 'text-image',
      description: card.description,
      text: card.lines.filter((line) => !line.decoration).map((line) => line.text.replace(/\s{2,}/g, ' ')),
      objects: [],
      speech: [],
      durationSeconds: null,
      source: null,
    });
  }
  log(`${TEXT_CARDS.length} text images drawn`);

  const packages = photoSources().map((source) => ({ source, dir: fetchPackageFiles(source, cacheDir, log) }));
  for (const spec of PHOTOS) {
    const filename = `IMG_${imageNumber++}.jpg`;
    const deb = debSource(spec);
    let input: string;
    if (deb) {
      const fetched = packages.find((p) => p.source.package === deb.pkg)?.dir;
      if (!fetched) {
        missing.push(spec.key);
        continue;
      }
      input = join(fetched, cachedName(deb.suffix));
    } else {
      input = join(ROOT, spec.from);
      if (!existsSync(input)) {
        warnings.add(`${spec.from} is missing (npm ci?)`);
        missing.push(spec.key);
        continue;
      }
    }
    const path = join(dir, filename);
    renderPhoto(spec, input, path);
    media.push({
      key: spec.key,
      filename,
      path,
      kind: 'image',
      mimeType: 'image/jpeg',
      group: 'scene-photo',
      description: spec.description,
      text: spec.text ?? [],
      objects: spec.objects,
      speech: [],
      durationSeconds: null,
      source: deb ? `${deb.pkg}: ${deb.suffix}` : spec.from,
    });
  }
  const unavailable = packages.filter((p) => !p.dir).map((p) => p.source.package);
  if (unavailable.length)
    warnings.add(
      `without ${unavailable.join(', ')}: ${missing.length} scene photos left out, fewer queries can be judged`,
    );
  log(`${PHOTOS.length - missing.length} of ${PHOTOS.length} scene photos prepared`);

  for (const spec of VIDEOS) {
    const filename = `VID_${videoNumber++}.mp4`;
    const path = join(dir, filename);
    const { parts, duration } = renderVideo(spec, path, workDir, warnings);
    media.push({
      key: spec.key,
      filename,
      path,
      kind: 'video',
      mimeType: 'video/mp4',
      group: 'video',
      description: spec.description,
      text: spec.title,
      objects: [],
      speech: parts,
      durationSeconds: duration,
      source: null,
    });
  }
  log(`${VIDEOS.length} spoken videos made`);
  rmSync(workDir, { recursive: true, force: true });

  for (const warning of warnings) log(`WARNING: ${warning}`);
  return {
    dir,
    media,
    missing,
    packages: packages.map((p) => ({ name: p.source.package, available: p.dir !== null })),
    warnings: [...warnings],
  };
}

/** Prints the dataset (npm run bench:relevance -- --dataset-only does the same through run.ts). */
async function main(): Promise<void> {
  const dir = process.argv[2];
  const dataset = await generateDataset({ dir, log: (line) => process.stderr.write(`[dataset] ${line}\n`) });
  for (const m of dataset.media)
    process.stdout.write(`${m.key.padEnd(26)} ${basename(m.path).padEnd(13)} ${m.group.padEnd(12)} ${m.description}\n`);
  process.stdout.write(`${dataset.media.length} files in ${dataset.dir}\n`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${(error as Error).stack}\n`);
    process.exit(1);
  });
}
