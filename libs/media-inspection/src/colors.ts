import sharp from 'sharp';

/** One of an image's main colours: its share of the pixels and the plain word people search with. */
export interface DominantColor {
  /** `#rrggbb`, the mean of the pixels that make it up. */
  hex: string;
  /** red, orange, yellow, green, blue, purple, pink, brown, black, white or gray. */
  name: string;
  /** Share of the image, 0..1. */
  fraction: number;
}

/** Colours are read from a thumbnail this size: plenty for shares of the image. */
const SAMPLE_SIDE = 96;
const CLUSTERS = 8;
const ITERATIONS = 12;
/** Shares below this are specks, not colours of the image. */
const MIN_FRACTION = 0.01;

type Lab = [number, number, number];

/** Reference shades per colour word (several per word: a word covers light, dark and dull ones). */
const NAMED_SHADES: [string, string[]][] = [
  ['red', ['#ff0000', '#d01c1f', '#b22222', '#8b0000', '#e34234', '#c0392b']],
  ['orange', ['#ff8c00', '#ffa500', '#f28500', '#ff7f27', '#e67e22', '#ffb347']],
  ['yellow', ['#ffff00', '#ffd700', '#f4d03f', '#fff176', '#e6c200', '#fada5e']],
  ['green', ['#008000', '#00c000', '#32cd32', '#228b22', '#6b8e23', '#90ee90', '#2e8b57', '#556b2f', '#20b2aa']],
  ['blue', ['#0000ff', '#1e90ff', '#4169e1', '#000080', '#87ceeb', '#4682b4', '#00bfff', '#5f9ea0', '#1f3a93']],
  ['purple', ['#800080', '#8a2be2', '#9370db', '#4b0082', '#6a0dad', '#b39ddb', '#7b68ee']],
  ['pink', ['#ffc0cb', '#ff69b4', '#ff1493', '#db7093', '#f4a6c0', '#ff00ff', '#e75480']],
  ['brown', ['#8b4513', '#a0522d', '#654321', '#d2b48c', '#c19a6b', '#7b3f00', '#deb887', '#5c4033']],
];

const REFERENCES = NAMED_SHADES.flatMap(([name, shades]) => shades.map((hex) => ({ name, lab: toLab(parseHex(hex)) })));

/** The main colours of an image, largest share first, at most `count`. */
export async function dominantColors(path: string, count = 5): Promise<DominantColor[]> {
  const { data } = await sharp(path, { failOn: 'error' })
    .rotate()
    .resize(SAMPLE_SIDE, SAMPLE_SIDE, { fit: 'inside' })
    .flatten({ background: '#ffffff' })
    .toColourspace('srgb')
    .raw()
    .toBuffer({ resolveWithObject: true });
  const pixels: [number, number, number][] = [];
  for (let index = 0; index + 2 < data.length; index += 3) pixels.push([data[index], data[index + 1], data[index + 2]]);
  const clusters = kMeans(pixels.map(toLab), CLUSTERS);
  // One entry per colour word: a search for "blue" does not care about two shades of it.
  const byName = new Map<string, { rgb: [number, number, number]; pixels: number }>();
  for (const cluster of clusters) {
    if (!cluster.members.length) continue;
    const name = colorName(cluster.centre);
    const entry = byName.get(name) ?? { rgb: [0, 0, 0], pixels: 0 };
    for (const member of cluster.members)
      for (let channel = 0; channel < 3; channel++) entry.rgb[channel] += pixels[member][channel];
    entry.pixels += cluster.members.length;
    byName.set(name, entry);
  }
  return [...byName.entries()]
    .map(([name, { rgb, pixels: share }]) => ({
      hex: toHex(rgb.map((sum) => sum / share) as [number, number, number]),
      name,
      fraction: Math.round((share / pixels.length) * 1000) / 1000,
    }))
    .filter((color) => color.fraction >= MIN_FRACTION)
    .sort((a, b) => b.fraction - a.fraction)
    .slice(0, count);
}

/** The plain word for a colour: greys by lightness, the rest by the nearest reference shade. */
function colorName([lightness, a, b]: Lab): string {
  const chroma = Math.hypot(a, b);
  if (chroma < 12 || (lightness < 18 && chroma < 20)) {
    if (lightness < 25) return 'black';
    if (lightness > 88) return 'white';
    return 'gray';
  }
  let best = REFERENCES[0];
  let bestDistance = Infinity;
  for (const reference of REFERENCES) {
    const distance = Math.hypot(lightness - reference.lab[0], a - reference.lab[1], b - reference.lab[2]);
    if (distance < bestDistance) [best, bestDistance] = [reference, distance];
  }
  return best.name;
}

interface Cluster {
  centre: Lab;
  members: number[];
}

/** k-means in CIELAB, seeded deterministically with the farthest-point rule (same image, same answer). */
function kMeans(points: Lab[], k: number): Cluster[] {
  const centres: Lab[] = [points[0]];
  const nearest = points.map((point) => distance2(point, centres[0]));
  while (centres.length < Math.min(k, points.length)) {
    const farthest = nearest.indexOf(Math.max(...nearest));
    if (nearest[farthest] < 1) break;
    centres.push(points[farthest]);
    points.forEach((point, index) => (nearest[index] = Math.min(nearest[index], distance2(point, points[farthest]))));
  }
  let clusters: Cluster[] = centres.map((centre) => ({ centre, members: [] }));
  for (let iteration = 0; iteration < ITERATIONS; iteration++) {
    clusters = clusters.map(({ centre }) => ({ centre, members: [] }));
    points.forEach((point, index) => {
      let best = 0;
      for (let candidate = 1; candidate < clusters.length; candidate++) {
        if (distance2(point, clusters[candidate].centre) < distance2(point, clusters[best].centre)) best = candidate;
      }
      clusters[best].members.push(index);
    });
    for (const cluster of clusters) {
      if (!cluster.members.length) continue;
      const sum = cluster.members.reduce<Lab>(
        (acc, index) => [acc[0] + points[index][0], acc[1] + points[index][1], acc[2] + points[index][2]],
        [0, 0, 0],
      );
      cluster.centre = sum.map((value) => value / cluster.members.length) as Lab;
    }
  }
  return clusters;
}

function distance2(a: Lab, b: Lab): number {
  return (a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2 + (a[2] - b[2]) ** 2;
}

function parseHex(hex: string): [number, number, number] {
  return [1, 3, 5].map((start) => parseInt(hex.slice(start, start + 2), 16)) as [number, number, number];
}

function toHex(rgb: [number, number, number]): string {
  return `#${rgb.map((value) => Math.round(value).toString(16).padStart(2, '0')).join('')}`;
}

/** sRGB (D65) to CIELAB. */
function toLab([red, green, blue]: [number, number, number]): Lab {
  const [r, g, b] = [red, green, blue].map((value) => {
    const channel = value / 255;
    return channel <= 0.04045 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
  });
  const x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
  const y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  const z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
  const f = (t: number) => (t > 216 / 24389 ? Math.cbrt(t) : ((24389 / 27) * t + 16) / 116);
  return [116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))];
}
