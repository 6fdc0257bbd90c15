const MODEL_NAME = /^[a-z0-9][a-z0-9._-]{0,49}$/;

/** An embedding model as the SQL needs it: its name and the dimension its index casts to. */
export interface EmbeddingModelRef {
  name: string;
  dimensions: number;
}

/** Refuse a model reference that could not name a row of embedding_models. */
export function assertEmbeddingModel(model: EmbeddingModelRef): void {
  if (!MODEL_NAME.test(model.name)) throw new TypeError(`invalid embedding model name "${model.name}"`);
  if (!Number.isInteger(model.dimensions) || model.dimensions < 1 || model.dimensions > 2000) {
    throw new TypeError(`invalid embedding dimension ${model.dimensions}`);
  }
}

/** pgvector's text form of a vector, checked to have the model's dimension and finite values. */
export function vectorText(values: readonly number[], dimensions: number): string {
  if (values.length !== dimensions) throw new RangeError(`expected ${dimensions} dimensions, got ${values.length}`);
  if (!values.every(Number.isFinite)) throw new RangeError('vector has a non-finite value');
  return `[${values.join(',')}]`;
}
