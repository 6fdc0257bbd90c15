import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

const storeSearchQueries = z
  .boolean()
  .describe('Keep the text of your searches in your search history and the audit trail (on by default)');

export const preferencesSchema = z.object({ storeSearchQueries });

export class PreferencesDto extends createZodDto(preferencesSchema) {}

export class UpdatePreferencesBody extends createZodDto(z.object({ storeSearchQueries }).strict()) {}
