// Every TypeORM entity of the app. Each feature module adds its own line here.
export const ENTITIES: Function[] = [];
