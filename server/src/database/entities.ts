// Every TypeORM entity of the app. Each feature module adds its own line here.
import { RefreshToken } from '../modules/auth/refresh-token.entity';
import { User } from '../modules/users/user.entity';

export const ENTITIES: Function[] = [
  User,
  RefreshToken,
];
