import { Module } from '@nestjs/common';
import { AccessModule } from '../org/access.module';
import { PledgeTemplateController } from './pledge-template.controller';
import { PledgeTemplateService } from './pledge-template.service';

// Pledge texts (范本): built-in defaults for every kind and towns' own, with versions.
@Module({
  imports: [AccessModule],
  controllers: [PledgeTemplateController],
  providers: [PledgeTemplateService],
  exports: [PledgeTemplateService],
})
export class PledgeTemplateModule {}
