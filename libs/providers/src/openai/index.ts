export { createOpenAiSummarizer, OpenAiSummarizer, type OpenAiSummarizerConfig } from './openai-summarizer';
export { openAiErrorClassifier } from './openai-errors';
