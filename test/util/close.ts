// Elementwise closeness with NaN and infinity handled exactly.
import { expect } from "vitest";

export function expectClose(actual: ArrayLike<number>, want: ArrayLike<number>, atol: number, rtol: number, label: string): void {
  expect(actual.length, `${label}: length`).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    const a = Number(actual[i]);
    const w = Number(want[i]);
    if (Number.isNaN(w)) {
      expect(Number.isNaN(a), `${label}[${i}]: expected NaN, got ${a}`).toBe(true);
      continue;
    }
    if (!Number.isFinite(w)) {
      expect(a, `${label}[${i}]`).toBe(w);
      continue;
    }
    const ok = Math.abs(a - w) <= atol + rtol * Math.abs(w);
    expect(ok, `${label}[${i}]: got ${a}, expected ${w}`).toBe(true);
  }
}
