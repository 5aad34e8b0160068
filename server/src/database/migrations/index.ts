// Every migration, in order. Each feature module adds its own line here; never edit a landed migration.
import { Users1732300000000 } from './1732300000000-Users';
import { Outbox1732300000100 } from './1732300000100-Outbox';
import { Org1732300000200 } from './1732300000200-Org';
import { Broadcasts1732300000300 } from './1732300000300-Broadcasts';
import { LookupIndexes1732300000400 } from './1732300000400-LookupIndexes';
import { Quiz1732300000500 } from './1732300000500-Quiz';
import { Pledge1732300000600 } from './1732300000600-Pledge';
import { FraudFree1732300000700 } from './1732300000700-FraudFree';

export const MIGRATIONS: Function[] = [
  Users1732300000000,
  Outbox1732300000100,
  Org1732300000200,
  Broadcasts1732300000300,
  LookupIndexes1732300000400,
  Quiz1732300000500,
  Pledge1732300000600,
  FraudFree1732300000700,
];
