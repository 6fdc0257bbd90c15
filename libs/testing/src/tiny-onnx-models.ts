import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { onnx } from 'onnx-proto';
import sharp from 'sharp';

/**
 * Tiny transformers.js-layout models built on the fly, so the ONNX embedders are tested end to end
 * (tokenizer → onnxruntime → pooling) without downloading real weights. The "networks" are a
 * lookup table: a text's vector is the mean of its tokens' rows, so equal texts give equal vectors
 * and texts with different words give different ones.
 */

export const TINY_HIDDEN = 8;
export const TINY_PROJECTION = 4;
export const TINY_WORDS = [
  'cat',
  'dog',
  'sits',
  'runs',
  'on',
  'the',
  'mat',
  'beach',
  'red',
  'blue',
  'car',
  'tree',
  'sun',
  'rain',
  'photo',
  'music',
];
const SPECIALS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]'];
const VOCAB = [...SPECIALS, ...TINY_WORDS];

const { DataType } = onnx.TensorProto;
const FLOAT = DataType.FLOAT;
const INT64 = DataType.INT64;

/** A deterministic pseudo-random table, so every run builds the same model. */
function table(rows: number, cols: number, seed: number): Float32Array {
  const values = new Float32Array(rows * cols);
  let state = seed >>> 0;
  for (let i = 0; i < values.length; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    values[i] = state / 2 ** 32 - 0.5;
  }
  return values;
}

function floatTensor(name: string, dims: number[], values: Float32Array): onnx.ITensorProto {
  return {
    name,
    dims,
    dataType: FLOAT,
    rawData: new Uint8Array(values.buffer, values.byteOffset, values.byteLength),
  };
}

function int64Tensor(name: string, values: number[]): onnx.ITensorProto {
  return { name, dims: [values.length], dataType: INT64, int64Data: values };
}

function valueInfo(name: string, elemType: number, dims: (number | string)[]): onnx.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType,
        shape: { dim: dims.map((dim) => (typeof dim === 'number' ? { dimValue: dim } : { dimParam: dim })) },
      },
    },
  };
}

function node(opType: string, input: string[], output: string[], attribute: onnx.IAttributeProto[] = []) {
  return { opType, input, output, name: output[0], attribute };
}

function modelBytes(graph: onnx.IGraphProto): Uint8Array {
  return onnx.ModelProto.encode({
    irVersion: 8,
    producerName: 'ams-tiny-model',
    opsetImport: [{ domain: '', version: 13 }],
    graph,
  }).finish();
}

const castToFloat = (input: string, output: string) =>
  node('Cast', [input], [output], [{ name: 'to', type: onnx.AttributeProto.AttributeType.INT, i: FLOAT }]);

/** BERT-shaped graph: token + type embeddings, padding zeroed → `last_hidden_state` [batch, seq, hidden]. */
function bertGraph(): Uint8Array {
  return modelBytes({
    name: 'tiny-bert',
    input: [
      valueInfo('input_ids', INT64, ['batch', 'sequence']),
      valueInfo('attention_mask', INT64, ['batch', 'sequence']),
      valueInfo('token_type_ids', INT64, ['batch', 'sequence']),
    ],
    output: [valueInfo('last_hidden_state', FLOAT, ['batch', 'sequence', TINY_HIDDEN])],
    initializer: [
      floatTensor('word_embeddings', [VOCAB.length, TINY_HIDDEN], table(VOCAB.length, TINY_HIDDEN, 7)),
      floatTensor(
        'type_embeddings',
        [2, TINY_HIDDEN],
        table(2, TINY_HIDDEN, 11).map((v) => v / 10),
      ),
      int64Tensor('last_axis', [2]),
    ],
    node: [
      node('Gather', ['word_embeddings', 'input_ids'], ['words']),
      node('Gather', ['type_embeddings', 'token_type_ids'], ['types']),
      node('Add', ['words', 'types'], ['summed']),
      castToFloat('attention_mask', 'mask_float'),
      node('Unsqueeze', ['mask_float', 'last_axis'], ['mask']),
      node('Mul', ['summed', 'mask'], ['last_hidden_state']),
    ],
  });
}

/** CLIP text tower: mean of token rows → `text_embeds` [batch, projection]. */
function clipTextGraph(): Uint8Array {
  return modelBytes({
    name: 'tiny-clip-text',
    input: [
      valueInfo('input_ids', INT64, ['batch', 'sequence']),
      valueInfo('attention_mask', INT64, ['batch', 'sequence']),
    ],
    output: [valueInfo('text_embeds', FLOAT, ['batch', TINY_PROJECTION])],
    initializer: [
      floatTensor('token_embeddings', [VOCAB.length, TINY_PROJECTION], table(VOCAB.length, TINY_PROJECTION, 5)),
      int64Tensor('last_axis', [2]),
      int64Tensor('sequence_axis', [1]),
    ],
    node: [
      node('Gather', ['token_embeddings', 'input_ids'], ['tokens']),
      castToFloat('attention_mask', 'mask_float'),
      node('Unsqueeze', ['mask_float', 'last_axis'], ['mask']),
      node('Mul', ['tokens', 'mask'], ['masked']),
      // A sum, not a mean, so padding added for a longer text in the batch changes nothing.
      node('ReduceSum', ['masked', 'sequence_axis'], ['text_embeds'], [keepDims(0)]),
    ],
  });
}

/** CLIP vision tower: per-channel mean colour through a 3×projection matrix → `image_embeds`. */
function clipVisionGraph(): Uint8Array {
  const projection = new Float32Array([1, 0, 0, 0.2, 0, 1, 0, 0.2, 0, 0, 1, 0.2]);
  return modelBytes({
    name: 'tiny-clip-vision',
    input: [valueInfo('pixel_values', FLOAT, ['batch', 3, 'height', 'width'])],
    output: [valueInfo('image_embeds', FLOAT, ['batch', TINY_PROJECTION])],
    initializer: [floatTensor('projection', [3, TINY_PROJECTION], projection)],
    node: [
      node('ReduceMean', ['pixel_values'], ['channels'], [ints('axes', [2, 3]), keepDims(0)]),
      node('MatMul', ['channels', 'projection'], ['image_embeds']),
    ],
  });
}

function keepDims(value: number): onnx.IAttributeProto {
  return { name: 'keepdims', type: onnx.AttributeProto.AttributeType.INT, i: value };
}

function ints(name: string, values: number[]): onnx.IAttributeProto {
  return { name, type: onnx.AttributeProto.AttributeType.INTS, ints: values };
}

/** A BERT WordPiece tokenizer over the tiny vocabulary, as `tokenizers` saves it. */
function bertTokenizerJson(): unknown {
  const special = (content: string, id: number) => ({
    id,
    content,
    single_word: false,
    lstrip: false,
    rstrip: false,
    normalized: false,
    special: true,
  });
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: SPECIALS.map((token, id) => special(token, id)),
    normalizer: {
      type: 'BertNormalizer',
      clean_text: true,
      handle_chinese_chars: true,
      strip_accents: null,
      lowercase: true,
    },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [
        { SpecialToken: { id: '[CLS]', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '[SEP]', type_id: 0 } },
      ],
      pair: [
        { SpecialToken: { id: '[CLS]', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '[SEP]', type_id: 0 } },
        { Sequence: { id: 'B', type_id: 1 } },
        { SpecialToken: { id: '[SEP]', type_id: 1 } },
      ],
      special_tokens: {
        '[CLS]': { id: '[CLS]', ids: [2], tokens: ['[CLS]'] },
        '[SEP]': { id: '[SEP]', ids: [3], tokens: ['[SEP]'] },
      },
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: {
      type: 'WordPiece',
      unk_token: '[UNK]',
      continuing_subword_prefix: '##',
      max_input_chars_per_word: 100,
      vocab: Object.fromEntries(VOCAB.map((token, id) => [token, id])),
    },
  };
}

const bertTokenizerConfig = {
  tokenizer_class: 'BertTokenizer',
  do_lower_case: true,
  model_max_length: 16,
  cls_token: '[CLS]',
  sep_token: '[SEP]',
  pad_token: '[PAD]',
  unk_token: '[UNK]',
  mask_token: '[UNK]',
};

async function writeJson(path: string, value: unknown): Promise<void> {
  await writeFile(path, JSON.stringify(value, null, 2));
}

async function writeTokenizer(dir: string): Promise<void> {
  await writeJson(join(dir, 'tokenizer.json'), bertTokenizerJson());
  await writeJson(join(dir, 'tokenizer_config.json'), bertTokenizerConfig);
}

/** `<modelsDir>/<modelId>/`: config.json, tokenizer files and `onnx/<file>`. */
export async function writeTinyBertModel(modelsDir: string, modelId: string, file = 'model.onnx'): Promise<string> {
  const dir = join(modelsDir, modelId);
  await mkdir(join(dir, 'onnx'), { recursive: true });
  await writeJson(join(dir, 'config.json'), {
    model_type: 'bert',
    architectures: ['BertModel'],
    hidden_size: TINY_HIDDEN,
    num_attention_heads: 1,
    num_hidden_layers: 1,
    vocab_size: VOCAB.length,
    max_position_embeddings: 16,
    type_vocab_size: 2,
  });
  await writeTokenizer(dir);
  await writeFile(join(dir, 'onnx', file), bertGraph());
  return dir;
}

/** A CLIP-layout model: text_model.onnx, vision_model.onnx, a 4×4 image preprocessor. */
export async function writeTinyClipModel(modelsDir: string, modelId: string): Promise<string> {
  const dir = join(modelsDir, modelId);
  await mkdir(join(dir, 'onnx'), { recursive: true });
  await writeJson(join(dir, 'config.json'), {
    model_type: 'clip',
    architectures: ['CLIPModel'],
    projection_dim: TINY_PROJECTION,
    text_config: { model_type: 'clip_text_model', hidden_size: TINY_HIDDEN, vocab_size: VOCAB.length },
    vision_config: { model_type: 'clip_vision_model', hidden_size: TINY_HIDDEN, image_size: 4 },
  });
  await writeTokenizer(dir);
  await writeJson(join(dir, 'preprocessor_config.json'), {
    image_processor_type: 'CLIPImageProcessor',
    processor_class: 'CLIPProcessor',
    do_resize: true,
    size: { shortest_edge: 4 },
    resample: 3,
    do_center_crop: true,
    crop_size: { height: 4, width: 4 },
    do_rescale: true,
    rescale_factor: 1 / 255,
    do_normalize: true,
    image_mean: [0.5, 0.5, 0.5],
    image_std: [0.5, 0.5, 0.5],
    do_convert_rgb: true,
  });
  await writeFile(join(dir, 'onnx', 'text_model.onnx'), clipTextGraph());
  await writeFile(join(dir, 'onnx', 'vision_model.onnx'), clipVisionGraph());
  return dir;
}

/** A solid-colour PNG: its tiny-CLIP vector is the colour's direction. */
export async function writeSolidPng(path: string, rgb: [number, number, number]): Promise<string> {
  const [r, g, b] = rgb;
  await sharp({ create: { width: 8, height: 8, channels: 3, background: { r, g, b } } })
    .png()
    .toFile(path);
  return path;
}

/** What the tiny BERT should give for a simple lower-case text: the mean of its token rows, unit length. */
export function tinyBertVector(text: string): number[] {
  const words = table(VOCAB.length, TINY_HIDDEN, 7);
  const types = table(2, TINY_HIDDEN, 11).map((v) => v / 10);
  const ids = ['[CLS]', ...text.toLowerCase().split(/\s+/).filter(Boolean), '[SEP]'].map((token) =>
    VOCAB.includes(token) ? VOCAB.indexOf(token) : VOCAB.indexOf('[UNK]'),
  );
  const mean = Array.from({ length: TINY_HIDDEN }, (_, d) => {
    const sum = ids.reduce((total, id) => total + words[id * TINY_HIDDEN + d] + types[d], 0);
    return sum / ids.length;
  });
  const norm = Math.hypot(...mean);
  return mean.map((value) => value / norm);
}
