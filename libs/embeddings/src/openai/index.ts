export {
  createOpenAiEmbedder,
  EMBEDDINGS_PRICE_ITEM,
  OpenAiEmbedder,
  type OpenAiEmbedderConfig,
} from './openai-embedder';
export { DEFAULT_OPENAI_EMBEDDING_MODEL, OPENAI_SIMILARITY, openAiModelInfo } from './openai-models';
export { estimateTokens, planBatches, truncateToTokens } from './batches';
