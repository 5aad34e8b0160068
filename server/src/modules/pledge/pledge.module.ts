import { Module } from '@nestjs/common';
import { RateLimiter } from '../../common/rate-limiter';
import { FilesModule } from '../files/files.module';
import { AccessModule } from '../org/access.module';
import { PledgeRosterModule } from '../pledge-roster/pledge-roster.module';
import { PledgeTemplateModule } from '../pledge-template/pledge-template.module';
import { PledgeCampaignController } from './pledge-campaign.controller';
import { PledgeCampaignService } from './pledge-campaign.service';
import { PledgePopulationService } from './pledge-population.service';
import { PledgeSignController } from './pledge-sign.controller';
import { PledgeSignService } from './pledge-sign.service';
import { SignatureFileController } from './signature-file.controller';
import { SignatureFileService } from './signature-file.service';

// Pledge campaigns and signing: scope and denominators, the signing transaction with its hash chain,
// the signed pledge image and public verification.
@Module({
  imports: [AccessModule, FilesModule, PledgeTemplateModule, PledgeRosterModule],
  controllers: [PledgeCampaignController, PledgeSignController, SignatureFileController],
  providers: [PledgeCampaignService, PledgePopulationService, PledgeSignService, SignatureFileService, RateLimiter],
  exports: [PledgeCampaignService, PledgePopulationService, PledgeSignService],
})
export class PledgeModule {}
