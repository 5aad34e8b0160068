import { Injectable } from '@nestjs/common';

// Time source injected everywhere a rule depends on "now", so tests can move time.
@Injectable()
export class Clock {
  private offsetMs = 0;
  private fixed: Date | null = null;

  now(): Date {
    return this.fixed ? new Date(this.fixed.getTime() + this.offsetMs) : new Date(Date.now() + this.offsetMs);
  }

  // test helpers
  advance(ms: number): void {
    this.offsetMs += ms;
  }
  set(date: Date | null): void {
    this.fixed = date;
    this.offsetMs = 0;
  }
}
