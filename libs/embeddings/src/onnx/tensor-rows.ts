import type { Tensor } from '@huggingface/transformers';

/** A [rows, width] float tensor as plain arrays, checked against the width the model was declared with. */
export function rowsOf(tensor: Tensor, rows: number, width: number, what: string): number[][] {
  const [count, actual] = tensor.dims;
  if (tensor.dims.length !== 2 || count !== rows || actual !== width) {
    throw new Error(`${what} gave an output of shape [${tensor.dims.join(', ')}], expected [${rows}, ${width}]`);
  }
  const data = tensor.data as ArrayLike<number>;
  return Array.from({ length: rows }, (_, row) =>
    Array.from({ length: width }, (_, i) => Number(data[row * width + i])),
  );
}
