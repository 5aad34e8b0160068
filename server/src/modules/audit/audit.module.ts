import { Module } from '@nestjs/common';
import { AccessModule } from '../org/access.module';
import { AuditController } from './audit.controller';
import { AuditService } from './audit.service';

@Module({ imports: [AccessModule], controllers: [AuditController], providers: [AuditService], exports: [AuditService] })
export class AuditModule {}
