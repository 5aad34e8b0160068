// Every migration, in order. Each feature module adds its own line here; never edit a landed migration.
export const MIGRATIONS: Function[] = [];
