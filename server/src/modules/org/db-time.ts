// Timestamps are stored at whole seconds: MySQL DATETIME rounds fractions, MariaDB truncates them,
// SQLite keeps them. Cutting them first makes a response equal what a later read returns, on all three.
export function toDbTime(d: Date): Date {
  return new Date(Math.floor(d.getTime() / 1000) * 1000);
}
