import type { CostService } from '@ams/db';

/** How one billable item (`<service>.<operation>`, as priced in @ams/providers) is filed in cost_tracking. */
export interface CostItem {
  service: CostService;
  operation: string;
  billingUnit: string;
}

/** Longest prefix first: `openai.embeddings.` before `openai.`. */
const PREFIXES: readonly [prefix: string, service: CostService, unit: (operation: string) => string][] = [
  ['rekognition.video.', 'aws_rekognition', () => 'per_second'],
  ['rekognition.', 'aws_rekognition', () => 'per_image'],
  ['transcribe.', 'aws_transcribe', () => 'per_second'],
  ['comprehend.', 'aws_comprehend', () => 'per_100_chars'],
  ['s3.', 'aws_s3', (operation) => (operation.startsWith('storage') ? 'per_gb_month' : 'per_request')],
  ['openai.embeddings.', 'openai_embeddings', () => 'per_token'],
  ['openai.chat.', 'openai_gpt', () => 'per_token'],
];

/** The cost_tracking filing of `item`, or null for an item no provider should report (a bug upstream). */
export function costItem(item: string): CostItem | null {
  for (const [prefix, service, unit] of PREFIXES) {
    if (!item.startsWith(prefix)) continue;
    // The operation keeps the sub-service ("video.labels") but not the vendor prefix.
    const operation = item.slice(item.indexOf('.') + 1).slice(0, 50);
    return { service, operation, billingUnit: unit(operation) };
  }
  return null;
}
