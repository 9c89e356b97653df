/**
 * A fixed-size ring of numbers in a typed array: the newest `capacity` values, oldest dropped.
 *
 * Invariants:
 * - Memory is allocated once, in the constructor; `push` never allocates, whatever it is fed.
 * - `size` never exceeds `capacity`; `at(0)` is the oldest value kept, `at(size - 1)` the newest.
 * - `copyInOrder` writes oldest-to-newest into a caller-owned array, so charts can reuse one
 *   output buffer instead of allocating per frame.
 */

export class RingBuffer {
  readonly capacity: number;
  private readonly values: Float64Array;
  /** Index the next value goes to. */
  private head = 0;
  private count = 0;

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`Ring capacity must be a positive integer, got ${capacity}.`);
    this.capacity = capacity;
    this.values = new Float64Array(capacity);
  }

  get size(): number {
    return this.count;
  }

  push(value: number): void {
    this.values[this.head] = value;
    this.head = (this.head + 1) % this.capacity;
    if (this.count < this.capacity) this.count += 1;
  }

  /** The `index`-th value from the oldest kept; NaN outside `[0, size)`. */
  at(index: number): number {
    if (index < 0 || index >= this.count) return Number.NaN;
    const start = (this.head - this.count + this.capacity) % this.capacity;
    return this.values[(start + index) % this.capacity] as number;
  }

  newest(): number {
    return this.at(this.count - 1);
  }

  /** Writes the kept values oldest first into `target[0 … size)`; returns `size`. */
  copyInOrder(target: Float64Array | Array<number | null>): number {
    const start = (this.head - this.count + this.capacity) % this.capacity;
    for (let i = 0; i < this.count; i++) target[i] = this.values[(start + i) % this.capacity] as number;
    return this.count;
  }

  /** Like `copyInOrder`, with NaN (a missing reading) written as null: a gap to a chart. */
  copyInOrderWithGaps(target: Array<number | null>): number {
    const start = (this.head - this.count + this.capacity) % this.capacity;
    for (let i = 0; i < this.count; i++) {
      const value = this.values[(start + i) % this.capacity] as number;
      target[i] = Number.isNaN(value) ? null : value;
    }
    return this.count;
  }

  clear(): void {
    this.head = 0;
    this.count = 0;
  }
}
