/** The app's only source of "now", so tests (and the test clock) can move time. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = {
  now: () => new Date(),
};

/** A clock that starts at real time (or a given instant) and only moves when told to. */
export class ManualClock implements Clock {
  #offsetMs = 0;
  readonly #fixed: Date | undefined;

  constructor(start?: Date) {
    this.#fixed = start;
  }

  now(): Date {
    const base = this.#fixed ? this.#fixed.getTime() : Date.now();
    return new Date(base + this.#offsetMs);
  }

  advance(seconds: number): Date {
    if (!Number.isFinite(seconds) || seconds < 0) throw new RangeError('a clock only moves forward');
    this.#offsetMs += seconds * 1000;
    return this.now();
  }
}
