// Contractions: dot_general and conv_general_dilated, with their lax convenience wrappers.
export {
  dotGeneral,
  dotGeneralP,
  type DotGeneralOptions,
  type DotGeneralParams,
  type DotDimensionNumbers,
} from "./dot-general.js";
export { dot, batchMatmul } from "./dot.js";
export {
  convGeneralDilated,
  convGeneralDilatedP,
  type ConvGeneralDilatedOptions,
  type ConvGeneralDilatedParams,
} from "./conv-general-dilated.js";
export { conv, convWithGeneralPadding, type ConvOptions } from "./conv.js";
export {
  convDimensionNumbers,
  type ConvDimensionNumbers,
  type ConvDimensionNumbersLike,
} from "./conv-dimension-numbers.js";
export { padtypeToPads, type PaddingType } from "./conv-padding.js";
export type { Precision, PrecisionLike } from "./precision.js";
