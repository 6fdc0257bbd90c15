import { Module } from '@nestjs/common';
import { SearchIndexHandler } from './search-index.handler';
import { SearchIndexRepository } from './search-index.repository';

@Module({ providers: [SearchIndexHandler, SearchIndexRepository] })
export class SearchIndexModule {}
