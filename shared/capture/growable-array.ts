/**
 * A typed array that grows by doubling. Capture indexes hold one number per record for
 * captures of a million records and more; typed arrays keep that to a few bytes per record
 * where an array of objects would cost a hundred.
 */
export type NumberArray = Uint8Array | Uint32Array | Int32Array | Float64Array;

export class GrowableArray<T extends NumberArray> {
  private data: T;
  private size = 0;

  constructor(private readonly allocate: (length: number) => T, initialCapacity = 1024) {
    this.data = allocate(Math.max(1, initialCapacity));
  }

  get length(): number {
    return this.size;
  }

  push(value: number): number {
    if (this.size === this.data.length) {
      const next = this.allocate(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.size] = value;
    return this.size++;
  }

  get(index: number): number {
    if (index < 0 || index >= this.size) throw new RangeError(`index ${index} outside 0..${this.size - 1}`);
    return this.data[index] as number;
  }

  set(index: number, value: number): void {
    if (index < 0 || index >= this.size) throw new RangeError(`index ${index} outside 0..${this.size - 1}`);
    this.data[index] = value;
  }

  /** The values so far, without copying; valid until the next push, which may move them. */
  view(): T {
    return this.data.subarray(0, this.size) as T;
  }

  /** An exact-length copy; the builder can keep growing afterwards without affecting it. */
  toTypedArray(): T {
    return this.data.slice(0, this.size) as T;
  }
}

export const growUint8 = (capacity?: number) => new GrowableArray((n) => new Uint8Array(n), capacity);
export const growUint32 = (capacity?: number) => new GrowableArray((n) => new Uint32Array(n), capacity);
export const growInt32 = (capacity?: number) => new GrowableArray((n) => new Int32Array(n), capacity);
export const growFloat64 = (capacity?: number) => new GrowableArray((n) => new Float64Array(n), capacity);
