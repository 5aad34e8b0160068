import { Global, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { AllExceptionsFilter } from './all-exceptions.filter';
import { Clock } from './clock';
import { DataCipher } from './data-cipher';

// Cross-cutting providers every module may inject: the clock, field encryption, and the error filter.
@Global()
@Module({
  providers: [Clock, DataCipher, { provide: APP_FILTER, useClass: AllExceptionsFilter }],
  exports: [Clock, DataCipher],
})
export class CommonModule {}
