import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

@Injectable()
export class FfLedgerService {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}
}
