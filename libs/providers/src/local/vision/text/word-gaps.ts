/** A blank column run this many ink heights wide separates words; letters sit closer. */
const MIN_WORD_GAP = 0.33;
/** Columns with fewer ink pixels than this count as blank (JPEG noise). */
const MIN_INK_PER_COLUMN = 2;
/** Rows with less ink than this fraction of the width are outside the text (box padding, noise). */
const MIN_INK_PER_ROW = 0.02;

/**
 * Where the word gaps are in a text line image (RGB), as x positions of their centres.
 *
 * PaddleOCR's Chinese+English recogniser often drops the spaces between English words on small
 * text ("Totaldue:42.50EUR"); the gaps are still plain to see in the pixels. The line is
 * binarised (Otsu), ink is the minority class (dark on light or light on dark), and runs of
 * blank columns wider than a third of the ink's height are word gaps.
 */
export function wordGapCentres(rgb: Uint8Array, width: number, height: number): number[] {
  const luma = new Uint8Array(width * height);
  for (let index = 0; index < luma.length; index++) {
    luma[index] = Math.round(0.299 * rgb[index * 3] + 0.587 * rgb[index * 3 + 1] + 0.114 * rgb[index * 3 + 2]);
  }
  const threshold = otsuThreshold(luma);
  const darkPixels = luma.reduce((count, value) => count + (value <= threshold ? 1 : 0), 0);
  const inkIsDark = darkPixels <= luma.length / 2;
  const inkPerColumn = new Uint16Array(width);
  const inkPerRow = new Uint16Array(height);
  for (let index = 0; index < luma.length; index++) {
    if (luma[index] <= threshold !== inkIsDark) continue;
    inkPerColumn[index % width]++;
    inkPerRow[Math.floor(index / width)]++;
  }
  const inkHeight = inkedSpan(inkPerRow, Math.max(2, MIN_INK_PER_ROW * width));
  return blankRuns(inkPerColumn)
    .filter(([start, end]) => end - start + 1 >= MIN_WORD_GAP * inkHeight)
    .map(([start, end]) => (start + end) / 2);
}

/** Rows from the first to the last with at least `minimum` ink pixels (the text's height). */
function inkedSpan(inkPerRow: Uint16Array, minimum: number): number {
  const inked = [...inkPerRow.keys()].filter((row) => inkPerRow[row] >= minimum);
  return inked.length ? inked[inked.length - 1] - inked[0] + 1 : inkPerRow.length;
}

/** Runs of blank columns between the first and the last inked column. */
function blankRuns(inkPerColumn: Uint16Array): [number, number][] {
  const runs: [number, number][] = [];
  let runStart = -1;
  let seenInk = false;
  for (let x = 0; x < inkPerColumn.length; x++) {
    const blank = inkPerColumn[x] < MIN_INK_PER_COLUMN;
    if (blank && seenInk && runStart < 0) runStart = x;
    if (!blank) {
      if (runStart >= 0) runs.push([runStart, x - 1]);
      runStart = -1;
      seenInk = true;
    }
  }
  return runs;
}

function otsuThreshold(luma: Uint8Array): number {
  const histogram = new Float64Array(256);
  for (const value of luma) histogram[value]++;
  const total = luma.length;
  const sum = histogram.reduce((acc, count, value) => acc + count * value, 0);
  let [sumBelow, countBelow, best, threshold] = [0, 0, -1, 127];
  for (let value = 0; value < 256; value++) {
    countBelow += histogram[value];
    if (countBelow === 0) continue;
    const countAbove = total - countBelow;
    if (countAbove === 0) break;
    sumBelow += value * histogram[value];
    const meanBelow = sumBelow / countBelow;
    const meanAbove = (sum - sumBelow) / countAbove;
    const between = countBelow * countAbove * (meanBelow - meanAbove) ** 2;
    if (between > best) [best, threshold] = [between, value];
  }
  return threshold;
}
