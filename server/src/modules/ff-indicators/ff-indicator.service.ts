import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

@Injectable()
export class FfIndicatorService {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}
}
