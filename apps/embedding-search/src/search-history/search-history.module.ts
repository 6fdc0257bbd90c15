import { Module } from '@nestjs/common';
import { PartitionMaintenanceTask } from './partition-maintenance.task';

@Module({ providers: [PartitionMaintenanceTask], exports: [PartitionMaintenanceTask] })
export class SearchHistoryModule {}
