import { DynamicModule, Module } from '@nestjs/common';
import { CommonModule } from './common/common.module';
import { AppConfig } from './config/config';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { AuditModule } from './modules/audit/audit.module';
import { AuthModule } from './modules/auth/auth.module';
import { BulletinsModule } from './modules/bulletins/bulletins.module';
import { DashboardModule } from './modules/dashboard/dashboard.module';
import { FamilyModule } from './modules/family/family.module';
import { FeedbackModule } from './modules/feedback/feedback.module';
import { FilesModule } from './modules/files/files.module';
import { GroupsModule } from './modules/groups/groups.module';
import { HealthModule } from './modules/health/health.module';
import { InvitesModule } from './modules/invites/invites.module';
import { MeModule } from './modules/me/me.module';
import { OrgModule } from './modules/org/org.module';
import { OutboxModule } from './modules/outbox/outbox.module';
import { ReachModule } from './modules/reach/reach.module';
import { TasksModule } from './modules/tasks/tasks.module';
import { UsersModule } from './modules/users/users.module';
import { WechatModule } from './modules/wechat/wechat.module';
import { QuizBankModule } from './modules/quiz-bank/quiz-bank.module';
import { QuizModule } from './modules/quiz/quiz.module';
import { QuizStatsModule } from './modules/quiz-stats/quiz-stats.module';
import { PledgeTemplateModule } from './modules/pledge-template/pledge-template.module';
import { PledgeRosterModule } from './modules/pledge-roster/pledge-roster.module';
import { PledgeModule } from './modules/pledge/pledge.module';
import { PledgeTrackModule } from './modules/pledge-track/pledge-track.module';
import { FfProgramsModule } from './modules/ff-programs/ff-program.module';
import { FfIndicatorsModule } from './modules/ff-indicators/ff-indicator.module';
import { FfLedgerModule } from './modules/ff-ledger/ff-ledger.module';
import { FfApplicationsModule } from './modules/ff-applications/ff-application.module';
import { FfWarningsModule } from './modules/ff-warnings/ff-warning.module';
import { SeedModule } from './seed/seed.module';

// The whole application, built for one configuration (tests pass their own).
@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        CommonModule,
        DatabaseModule,
        WechatModule,
        OutboxModule,
        UsersModule,
        AuthModule,
        HealthModule,
        OrgModule,
        InvitesModule,
        MeModule,
        FamilyModule,
        FilesModule,
        TasksModule,
        BulletinsModule,
        GroupsModule,
        ReachModule,
        FeedbackModule,
        AuditModule,
        DashboardModule,
        QuizBankModule,
        QuizModule,
        QuizStatsModule,
        PledgeTemplateModule,
        PledgeRosterModule,
        PledgeModule,
        PledgeTrackModule,
        FfProgramsModule,
        FfIndicatorsModule,
        FfApplicationsModule,
        FfLedgerModule,
        FfWarningsModule,
        SeedModule,
      ],
    };
  }
}
