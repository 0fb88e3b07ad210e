// The params of conv_general_dilated, and how they print (in errors and jaxprs) as JAX's do.
import type { DType } from "../../dtypes.js";
import { convDimensionNumbersStr, type ConvDimensionNumbers } from "./conv-dimension-numbers.js";
import type { Pads } from "./conv-padding.js";
import { precisionStr, type CanonicalPrecision } from "./precision.js";

export interface ConvGeneralDilatedParams {
  windowStrides: readonly number[];
  /** (low, high) per spatial axis; negative values crop. */
  padding: Pads;
  lhsDilation: readonly number[];
  rhsDilation: readonly number[];
  dimensionNumbers: ConvDimensionNumbers;
  featureGroupCount: number;
  batchGroupCount: number;
  precision: CanonicalPrecision;
  preferredElementType: DType | null;
}

const tuple = (xs: readonly (number | string)[]): string => `(${xs.join(", ")}${xs.length === 1 ? "," : ""})`;

/** JAX's jaxpr spelling of each param, sorted by name as JAX prints them. */
export function convParamPairs(p: ConvGeneralDilatedParams): [string, string][] {
  return [
    ["batch_group_count", String(p.batchGroupCount)],
    ["dimension_numbers", convDimensionNumbersStr(p.dimensionNumbers)],
    ["feature_group_count", String(p.featureGroupCount)],
    ["lhs_dilation", tuple(p.lhsDilation)],
    ["padding", tuple(p.padding.map(([lo, hi]) => `(${lo}, ${hi})`))],
    ["precision", precisionStr(p.precision)],
    ["preferred_element_type", p.preferredElementType ?? "None"],
    ["rhs_dilation", tuple(p.rhsDilation)],
    ["window_strides", tuple(p.windowStrides)],
  ];
}

/** The params that shape the output, for error messages. */
export function convParamsStr(p: ConvGeneralDilatedParams): string {
  return convParamPairs(p)
    .filter(([k]) => k !== "precision" && k !== "preferred_element_type")
    .map(([k, v]) => `${k}=${v}`)
    .join(" ");
}
