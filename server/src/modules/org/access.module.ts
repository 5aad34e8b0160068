import { Module } from '@nestjs/common';
import { AccessService } from './access.service';

// Scoping in one place: every module deciding "may this caller see/do this at that node" imports this.
@Module({ providers: [AccessService], exports: [AccessService] })
export class AccessModule {}
