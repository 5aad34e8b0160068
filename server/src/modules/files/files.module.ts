import { Module } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { FilesController } from './files.controller';
import { FilesService } from './files.service';
import { FILE_STORAGE, LocalDiskStorage } from './file-storage';

@Module({
  controllers: [FilesController],
  providers: [FilesService, { provide: FILE_STORAGE, useFactory: (config: AppConfig) => new LocalDiskStorage(config.storageDir), inject: [APP_CONFIG] }],
  exports: [FilesService],
})
export class FilesModule {}
