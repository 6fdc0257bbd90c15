import type { TextLine } from '../../../capabilities';
import type { DecodedImage } from '../decoded-image';
import { PaddleOcr } from './paddle-ocr';
import { readableLines } from './text-lines';
import { readWithTesseract, tesseractAvailable } from './tesseract-ocr';

export interface ImageTextReader {
  /** `paddle-ocr` normally; `tesseract` when the ONNX models could not be loaded. */
  readonly engine: 'paddle-ocr' | 'tesseract';
  read(image: DecodedImage): Promise<TextLine[]>;
}

/** PaddleOCR on ONNX, or the tesseract CLI when onnxruntime or the models fail to load. */
export async function loadTextReader(): Promise<ImageTextReader> {
  try {
    const paddle = await PaddleOcr.load();
    return { engine: 'paddle-ocr', read: async (image) => readableLines(await paddle.read(image), image) };
  } catch (paddleError) {
    if (!(await tesseractAvailable())) {
      throw new Error(`no OCR engine: PaddleOCR failed (${(paddleError as Error).message}) and tesseract is missing`, {
        cause: paddleError,
      });
    }
    // Worse on photos than PaddleOCR: say so once in the service's output rather than fail.
    process.emitWarning(`PaddleOCR did not load (${(paddleError as Error).message}); reading text with tesseract`);
    return { engine: 'tesseract', read: async (image) => readableLines(await readWithTesseract(image), image) };
  }
}
