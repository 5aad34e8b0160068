import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

@Injectable()
export class FfProgramService {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}
}
