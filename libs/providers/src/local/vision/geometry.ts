import type { BoundingBox } from '../../capabilities';

/** A square window on an image in its pixels; it may reach past the edges (padded black). */
export interface SquareRegion {
  left: number;
  top: number;
  side: number;
}

/** A rectangle in image pixels. */
export interface PixelBox {
  left: number;
  top: number;
  width: number;
  height: number;
}

interface Size {
  width: number;
  height: number;
}

/** The whole image centred in a square, so models with square inputs see it unsquashed. */
export function letterboxRegion(image: Size): SquareRegion {
  const side = Math.max(image.width, image.height);
  return { left: Math.floor((image.width - side) / 2), top: Math.floor((image.height - side) / 2), side };
}

/** Tile starts along `length` for tiles of `side` that overlap by at least a quarter. */
export function tileStarts(length: number, side: number): number[] {
  if (side >= length) return [Math.floor((length - side) / 2)];
  const count = Math.ceil((length - side) / (side * 0.75)) + 1;
  return Array.from({ length: count }, (_, index) => Math.round((index * (length - side)) / (count - 1)));
}

/** A model's box in fractions of its square input `[x, y, width, height]`, in image pixels. */
export function regionBoxToPixels([x, y, width, height]: readonly number[], region: SquareRegion): PixelBox {
  return {
    left: region.left + x * region.side,
    top: region.top + y * region.side,
    width: width * region.side,
    height: height * region.side,
  };
}

/** A pixel box as 0..1 fractions of the image, clipped to it. */
export function fractionBox(box: PixelBox, image: Size): BoundingBox {
  const left = clamp(box.left / image.width);
  const top = clamp(box.top / image.height);
  const right = clamp((box.left + box.width) / image.width);
  const bottom = clamp((box.top + box.height) / image.height);
  return { left: round4(left), top: round4(top), width: round4(right - left), height: round4(bottom - top) };
}

export function intersectionOverUnion(a: PixelBox, b: PixelBox): number {
  const width = Math.min(a.left + a.width, b.left + b.width) - Math.max(a.left, b.left);
  const height = Math.min(a.top + a.height, b.top + b.height) - Math.max(a.top, b.top);
  if (width <= 0 || height <= 0) return 0;
  const intersection = width * height;
  return intersection / (a.width * a.height + b.width * b.height - intersection);
}

function clamp(value: number): number {
  return Math.min(1, Math.max(0, value));
}

function round4(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
