import { createZodDto } from 'nestjs-zod';
import { reindexRunSchema } from '@ams/contracts';

export class ReindexRunDto extends createZodDto(reindexRunSchema) {}
