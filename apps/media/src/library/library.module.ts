import { Module } from '@nestjs/common';
import { OutboxModule } from '@ams/messaging';
import { LibraryHandler } from './library.handler';
import { LibraryRepository } from './library.repository';
import { LibraryService } from './library.service';

@Module({ imports: [OutboxModule], providers: [LibraryHandler, LibraryService, LibraryRepository] })
export class LibraryModule {}
