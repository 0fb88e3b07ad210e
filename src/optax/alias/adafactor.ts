// Adafactor (Shazeer and Stern 2018): factored second moments, update clipping, relative steps.
import type { DType } from "../../dtypes.js";
import type { GradientTransformation, Numeric, ScalarOrSchedule } from "../base.js";
import { chain } from "../combine/chain.js";
import type { MaskOrFn } from "../combine/masked.js";
import { declareFactory, withDefaults } from "../factory.js";
import { ema } from "../transform/accumulation.js";
import { addDecayedWeights } from "../transform/adding.js";
import { clipByBlockRms } from "../transform/clipping.js";
import { scaleByFactoredRms } from "../transform/factored-rms.js";
import { scale, scaleByLearningRate, scaleByParamBlockRms } from "../transform/scale.js";

export interface AdafactorOptions {
  /** Factor the statistics only when two dimensions are at least this size. */
  minDimSizeToFactor?: number;
  /** Exponent of the second-moment decay schedule. */
  decayRate?: Numeric;
  /** The step the decay schedule starts from (fine-tuning). */
  decayOffset?: number;
  /** Scale the step by the parameters' RMS (a relative step size). */
  multiplyByParameterScale?: boolean;
  /** Clip the updates' block RMS to this (>= 1); null disables clipping. */
  clippingThreshold?: Numeric | null;
  /** Momentum (an EMA of the updates, extra memory); null for none. */
  momentum?: Numeric | null;
  dtypeMomentum?: DType;
  weightDecayRate?: ScalarOrSchedule | null;
  /** Added to the squared gradients. */
  eps?: Numeric;
  factored?: boolean;
  weightDecayMask?: MaskOrFn;
}

const ADAFACTOR_DEFAULTS: Required<AdafactorOptions> = {
  minDimSizeToFactor: 128,
  decayRate: 0.8,
  decayOffset: 0,
  multiplyByParameterScale: true,
  clippingThreshold: 1,
  momentum: null,
  dtypeMomentum: "float32",
  weightDecayRate: null,
  eps: 1e-30,
  factored: true,
  weightDecayMask: null,
};

export function adafactor(learningRate: ScalarOrSchedule | null = null, options: AdafactorOptions = {}) {
  const o = withDefaults(ADAFACTOR_DEFAULTS, options);
  const tx: GradientTransformation<unknown>[] = [
    scaleByFactoredRms({
      factored: o.factored,
      decayRate: o.decayRate,
      stepOffset: o.decayOffset,
      minDimSizeToFactor: o.minDimSizeToFactor,
      epsilon: o.eps,
    }),
  ];
  if (o.clippingThreshold !== null) tx.push(clipByBlockRms(o.clippingThreshold));
  if (learningRate !== null) tx.push(scaleByLearningRate(learningRate, { flipSign: false }));
  if (o.multiplyByParameterScale) tx.push(scaleByParamBlockRms());
  if (o.momentum !== null) tx.push(ema(o.momentum, { debias: false, accumulatorDtype: o.dtypeMomentum }));
  if (o.weightDecayRate !== null) tx.push(addDecayedWeights(o.weightDecayRate, { mask: o.weightDecayMask }));
  // Gradient descent follows the negative gradient.
  tx.push(scale(-1));
  return chain(...tx);
}

declareFactory(adafactor, {
  positional: ["learningRate"],
  defaults: { learningRate: null, ...ADAFACTOR_DEFAULTS },
  integers: ["minDimSizeToFactor", "decayOffset"],
});
