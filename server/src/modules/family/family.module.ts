import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { FamilyController } from './family.controller';
import { FamilyService } from './family.service';

@Module({ imports: [AuditModule], controllers: [FamilyController], providers: [FamilyService] })
export class FamilyModule {}

