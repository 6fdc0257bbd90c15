import OpenAI from 'openai';
import type { CallContext, MediaFactsForSummary, Summarizer } from '../capabilities';
import { ProviderError } from '../errors';
import { CloudCallPolicy, type ResilienceOptions } from '../resilience';
import { openAiErrorClassifier } from './openai-errors';
import { cleanSummary, summaryMessages } from './summary-prompt';

export const OPENAI = 'openai';
const DEFAULT_BASE_URL = 'https://api.openai.com/v1';
const DEFAULT_MODEL = 'gpt-4o-mini';
const MAX_SUMMARY_TOKENS = 120;

export interface OpenAiSummarizerConfig {
  apiKey: string;
  /** Any server speaking the Chat Completions API; OpenAI's own by default. */
  baseUrl?: string;
  /** `gpt-4o-mini` by default. */
  model?: string;
  /** Per request; 20 s by default. */
  timeoutMs?: number;
  /** Circuit breaker and throttling retry settings. */
  resilience?: Omit<ResilienceOptions, 'timeoutMs'>;
}

/** Captions written by a chat model from the facts the other capabilities found. */
export class OpenAiSummarizer implements Summarizer {
  readonly provider = OPENAI;

  constructor(
    private readonly client: OpenAI,
    private readonly policy: CloudCallPolicy,
    private readonly model: string,
  ) {}

  async summarize(facts: MediaFactsForSummary, context: CallContext): Promise<string> {
    const completion = await this.policy.run(
      (signal) =>
        this.client.chat.completions.create(
          { model: this.model, messages: summaryMessages(facts), max_tokens: MAX_SUMMARY_TOKENS, temperature: 0.2 },
          { signal },
        ),
      context.signal,
    );
    const { usage } = completion;
    if (usage) {
      context.recordUsage({ item: 'openai.chat.input_tokens', units: usage.prompt_tokens });
      context.recordUsage({ item: 'openai.chat.output_tokens', units: usage.completion_tokens });
    }
    const choice = completion.choices[0];
    const summary = cleanSummary(choice?.message.content ?? '', choice?.finish_reason === 'length');
    if (!summary) {
      const reason = choice?.finish_reason ?? 'no choice';
      throw new ProviderError('PROVIDER_EMPTY_ANSWER', `${OPENAI}: the model answered no summary (${reason})`, false);
    }
    return summary;
  }
}

/** A summarizer on the official client, its own retries off so the call policy's are the only ones. */
export function createOpenAiSummarizer(config: OpenAiSummarizerConfig): OpenAiSummarizer {
  const timeoutMs = config.timeoutMs ?? 20_000;
  const client = new OpenAI({
    apiKey: config.apiKey,
    // Explicit, so the client never falls back to reading process.env itself.
    baseURL: config.baseUrl ?? DEFAULT_BASE_URL,
    organization: null,
    project: null,
    maxRetries: 0,
    timeout: timeoutMs,
  });
  const policy = new CloudCallPolicy(OPENAI, openAiErrorClassifier(OPENAI), { ...config.resilience, timeoutMs });
  return new OpenAiSummarizer(client, policy, config.model ?? DEFAULT_MODEL);
}
