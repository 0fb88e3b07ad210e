// Reads for tests that run on every device. A WebGPU array can only be read asynchronously (Dawn
// has no synchronous readback), so tests `await` these rather than call dataSync(), itemSync() or
// tolistSync(), which only CPU arrays answer.
import type { JaxArray, NestedNumbers } from "../../src/tracing/array.js";

/** The values of an array, row-major, as JS numbers (booleans read as 0 and 1). */
export async function values(x: unknown): Promise<number[]> {
  return Array.from(await (x as JaxArray).data(), Number);
}

/** The one value of a size-1 array, as a JS number; a larger array fails the test. */
export async function scalarOf(x: unknown): Promise<number> {
  const v = await values(x);
  if (v.length !== 1) throw new Error(`scalarOf: expected a size-1 array, got ${v.length} values`);
  return v[0]!;
}

/** The values of an array as nested JS arrays (booleans as booleans), like `x.tolist()`. */
export async function nested(x: unknown): Promise<NestedNumbers> {
  return (x as JaxArray).tolist();
}
