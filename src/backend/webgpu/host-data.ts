// Element layout on the device and conversion of host TypedArrays to and from it: bool is a u32
// 0/1 (WGSL has no 8-bit storage), float16 is 16-bit halves (host float16 data is widened to
// float32), the rest are native 32-bit words. Buffer sizes round up to 4-byte multiples.
import { allocTyped, roundToFloat16, type AnyTypedArray, type DType } from "../../dtypes.js";
import { UnsupportedError } from "../../errors.js";

/** Bytes a device buffer of `n` elements of `dtype` needs (a multiple of 4, at least 4). */
export function deviceByteSize(dtype: DType, n: number): number {
  const raw = dtype === "float16" ? 2 * n : 4 * n;
  return Math.max(4, Math.ceil(raw / 4) * 4);
}

/** Throws unless the device can hold `dtype`; `op` names the operation in the message. */
export function checkDeviceDtype(op: string, dtype: DType, hasF16: boolean, shown: string): void {
  if (dtype === "float64") {
    throw new UnsupportedError(
      `${op}: float64 is not supported on WebGPU (got ${shown}); keep float64 arrays on the CPU backend ` +
        `with jax.devicePut(x, "cpu") (or jax.setDefaultDevice("cpu")), or use float32`,
    );
  }
  if (dtype === "float16" && !hasF16) {
    throw new UnsupportedError(
      `${op}: this WebGPU adapter lacks the shader-f16 feature, so float16 is not available (got ${shown}); ` +
        `use float32, or the CPU backend with jax.devicePut(x, "cpu")`,
    );
  }
}

/** The bytes to upload for host data of `dtype` (padded to the device size). */
export function encodeForDevice(data: AnyTypedArray, dtype: DType): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(deviceByteSize(dtype, data.length));
  if (dtype === "bool") {
    new Uint32Array(out.buffer, 0, data.length).set(data);
  } else if (dtype === "float16") {
    const halves = new Uint16Array(out.buffer, 0, data.length);
    for (let i = 0; i < data.length; i++) halves[i] = float16Bits(data[i]!);
  } else {
    out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  }
  return out;
}

/** Host data of `n` elements of `dtype` from the device bytes. */
export function decodeFromDevice(bytes: ArrayBuffer, dtype: DType, n: number): AnyTypedArray {
  const out = allocTyped(dtype, n);
  if (dtype === "bool") out.set(new Uint32Array(bytes, 0, n));
  else if (dtype === "float16") {
    const halves = new Uint16Array(bytes, 0, n);
    for (let i = 0; i < n; i++) out[i] = float16FromBits(halves[i]!);
  } else if (dtype === "int32") out.set(new Int32Array(bytes, 0, n));
  else if (dtype === "uint32") out.set(new Uint32Array(bytes, 0, n));
  else out.set(new Float32Array(bytes, 0, n));
  return out;
}

/** IEEE half bits of `x` rounded to float16. */
export function float16Bits(x: number): number {
  const v = roundToFloat16(x);
  if (Number.isNaN(v)) return 0x7e00;
  const sign = v < 0 || Object.is(v, -0) ? 0x8000 : 0;
  const a = Math.abs(v);
  if (a === Infinity) return sign | 0x7c00;
  if (a < 2 ** -14) return sign | Math.round(a / 2 ** -24);
  const exponent = Math.floor(Math.log2(a));
  const e = exponent + (a >= 2 ** (exponent + 1) ? 1 : a < 2 ** exponent ? -1 : 0);
  const mantissa = Math.round((a / 2 ** e - 1) * 1024);
  return sign | ((e + 15) << 10) | mantissa;
}

export function float16FromBits(b: number): number {
  const sign = b & 0x8000 ? -1 : 1;
  const exponent = (b >>> 10) & 0x1f;
  const mantissa = b & 0x3ff;
  if (exponent === 0x1f) return mantissa === 0 ? sign * Infinity : NaN;
  if (exponent === 0) return sign * mantissa * 2 ** -24;
  return sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
}
