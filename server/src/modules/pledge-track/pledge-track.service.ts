import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

@Injectable()
export class PledgeTrackService {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}
}
