// What the reduce_window lax wrappers accept: JAX's padding strings and optional dilations.
import { padtypeToPads, type PaddingType } from "../linalg/conv-padding.js";
import type { PaddingPairs, ReduceWindowParams } from "./reduce-window-common.js";

export type WindowPadding = PaddingPairs | readonly (readonly number[])[] | PaddingType;

export interface ReduceWindowOptions {
  baseDilation?: readonly number[] | null;
  windowDilation?: readonly number[] | null;
}

export function windowParams(
  shape: readonly number[],
  windowDimensions: readonly number[],
  windowStrides: readonly number[],
  padding: WindowPadding,
  options: ReduceWindowOptions = {},
): ReduceWindowParams {
  const ones = shape.map(() => 1);
  // As lax.reduce_window: a padding string is resolved against the undilated operand and window.
  const pads =
    typeof padding === "string"
      ? padtypeToPads(shape, windowDimensions, windowStrides, padding)
      : padding.map((p) => [p[0], p[1]] as const);
  return {
    windowDimensions: [...windowDimensions],
    windowStrides: [...windowStrides],
    padding: pads,
    baseDilation: options.baseDilation ? [...options.baseDilation] : ones,
    windowDilation: options.windowDilation ? [...options.windowDilation] : ones,
  };
}
