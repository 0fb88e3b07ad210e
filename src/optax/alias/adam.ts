// Adam and the optimizers built on its moments.
import type { DType } from "../../dtypes.js";
import type { Numeric, ScalarOrSchedule } from "../base.js";
import { chain } from "../combine/chain.js";
import type { MaskOrFn } from "../combine/masked.js";
import { declareFactory, withDefaults } from "../factory.js";
import { scaleByAdam, scaleByAdamax, scaleByAmsgrad } from "../transform/adam.js";
import { addDecayedWeights } from "../transform/adding.js";
import { scaleByBelief } from "../transform/belief.js";
import { scaleByLion } from "../transform/lion.js";
import { scaleByRadam } from "../transform/radam.js";
import { scaleByLearningRate } from "../transform/scale.js";
import { scaleByYogi } from "../transform/yogi.js";

export interface AdamOptions {
  b1?: Numeric;
  b2?: Numeric;
  /** Added to the denominator outside the square root. */
  eps?: Numeric;
  /** Added inside the square root (needed to differentiate through the update). */
  epsRoot?: Numeric;
  muDtype?: DType | null;
  nesterov?: boolean;
}

const ADAM_DEFAULTS: Required<AdamOptions> = {
  b1: 0.9,
  b2: 0.999,
  eps: 1e-8,
  epsRoot: 0,
  muDtype: null,
  nesterov: false,
};

/** Adam (Kingma and Ba 2014). */
export function adam(learningRate: ScalarOrSchedule, options: AdamOptions = {}) {
  return chain(scaleByAdam(withDefaults(ADAM_DEFAULTS, options)), scaleByLearningRate(learningRate));
}

/** Adam with Nesterov momentum (Dozat 2016). */
export function nadam(learningRate: ScalarOrSchedule, options: AdamOptions = {}) {
  return adam(learningRate, { nesterov: true, ...withDefaults({}, options) });
}

export interface AdamwOptions extends AdamOptions {
  /** Decoupled weight decay, multiplied by the learning rate. */
  weightDecay?: ScalarOrSchedule;
  /** Where to apply the weight decay (all parameters when null). */
  mask?: MaskOrFn;
}

const ADAMW_DEFAULTS: Required<AdamwOptions> = { ...ADAM_DEFAULTS, weightDecay: 1e-4, mask: null };

/** Adam with decoupled weight decay (Loshchilov and Hutter 2019). */
export function adamw(learningRate: ScalarOrSchedule, options: AdamwOptions = {}) {
  const { weightDecay, mask, ...adamOptions } = withDefaults(ADAMW_DEFAULTS, options);
  return chain(scaleByAdam(adamOptions), addDecayedWeights(weightDecay, { mask }), scaleByLearningRate(learningRate));
}

/** AdamW with Nesterov momentum. */
export function nadamw(learningRate: ScalarOrSchedule, options: AdamwOptions = {}) {
  return adamw(learningRate, { nesterov: true, ...withDefaults({}, options) });
}

export interface AmsgradOptions {
  b1?: Numeric;
  b2?: Numeric;
  eps?: Numeric;
  epsRoot?: Numeric;
  muDtype?: DType | null;
}

const AMSGRAD_DEFAULTS: Required<AmsgradOptions> = { b1: 0.9, b2: 0.999, eps: 1e-8, epsRoot: 0, muDtype: null };

export function amsgrad(learningRate: ScalarOrSchedule, options: AmsgradOptions = {}) {
  return chain(scaleByAmsgrad(withDefaults(AMSGRAD_DEFAULTS, options)), scaleByLearningRate(learningRate));
}

export interface AdamaxOptions {
  b1?: Numeric;
  b2?: Numeric;
  eps?: Numeric;
}

const ADAMAX_DEFAULTS: Required<AdamaxOptions> = { b1: 0.9, b2: 0.999, eps: 1e-8 };

/** Adam with the infinity norm in place of the second moment. */
export function adamax(learningRate: ScalarOrSchedule, options: AdamaxOptions = {}) {
  return chain(scaleByAdamax(withDefaults(ADAMAX_DEFAULTS, options)), scaleByLearningRate(learningRate));
}

export interface AdamaxwOptions extends AdamaxOptions {
  weightDecay?: ScalarOrSchedule;
  mask?: MaskOrFn;
}

const ADAMAXW_DEFAULTS: Required<AdamaxwOptions> = { ...ADAMAX_DEFAULTS, weightDecay: 1e-4, mask: null };

export function adamaxw(learningRate: ScalarOrSchedule, options: AdamaxwOptions = {}) {
  const { weightDecay, mask, ...adamaxOptions } = withDefaults(ADAMAXW_DEFAULTS, options);
  return chain(
    scaleByAdamax(adamaxOptions),
    addDecayedWeights(weightDecay, { mask }),
    scaleByLearningRate(learningRate),
  );
}

export interface RadamOptions {
  b1?: Numeric;
  b2?: Numeric;
  eps?: Numeric;
  epsRoot?: Numeric;
  threshold?: Numeric;
  nesterov?: boolean;
}

const RADAM_DEFAULTS: Required<RadamOptions> = {
  b1: 0.9,
  b2: 0.999,
  eps: 1e-8,
  epsRoot: 0,
  threshold: 5,
  nesterov: false,
};

/** Rectified Adam (Liu et al. 2020). */
export function radam(learningRate: ScalarOrSchedule, options: RadamOptions = {}) {
  return chain(scaleByRadam(withDefaults(RADAM_DEFAULTS, options)), scaleByLearningRate(learningRate));
}

export interface AdabeliefOptions {
  b1?: Numeric;
  b2?: Numeric;
  eps?: Numeric;
  epsRoot?: Numeric;
  nesterov?: boolean;
}

const ADABELIEF_DEFAULTS: Required<AdabeliefOptions> = {
  b1: 0.9,
  b2: 0.999,
  eps: 1e-16,
  epsRoot: 1e-16,
  nesterov: false,
};

/** AdaBelief (Zhuang et al. 2020). */
export function adabelief(learningRate: ScalarOrSchedule, options: AdabeliefOptions = {}) {
  return chain(scaleByBelief(withDefaults(ADABELIEF_DEFAULTS, options)), scaleByLearningRate(learningRate));
}

export interface YogiOptions {
  b1?: Numeric;
  b2?: Numeric;
  eps?: Numeric;
}

const YOGI_DEFAULTS: Required<YogiOptions> = { b1: 0.9, b2: 0.999, eps: 1e-3 };

/** Yogi (Zaheer et al. 2018). */
export function yogi(learningRate: ScalarOrSchedule, options: YogiOptions = {}) {
  return chain(scaleByYogi(withDefaults(YOGI_DEFAULTS, options)), scaleByLearningRate(learningRate));
}

export interface LionOptions {
  b1?: Numeric;
  b2?: Numeric;
  muDtype?: DType | null;
  weightDecay?: ScalarOrSchedule;
  mask?: MaskOrFn;
}

const LION_DEFAULTS: Required<LionOptions> = { b1: 0.9, b2: 0.99, muDtype: null, weightDecay: 1e-3, mask: null };

/** Lion (Chen et al. 2023): signed momentum with decoupled weight decay. */
export function lion(learningRate: ScalarOrSchedule, options: LionOptions = {}) {
  const { b1, b2, muDtype, weightDecay, mask } = withDefaults(LION_DEFAULTS, options);
  return chain(
    scaleByLion({ b1, b2, muDtype }),
    addDecayedWeights(weightDecay, { mask }),
    scaleByLearningRate(learningRate),
  );
}

const NADAM_DEFAULTS: Required<AdamOptions> = { ...ADAM_DEFAULTS, nesterov: true };
const NADAMW_DEFAULTS: Required<AdamwOptions> = { ...ADAMW_DEFAULTS, nesterov: true };

declareFactory(adam, { positional: ["learningRate"], defaults: ADAM_DEFAULTS });
declareFactory(nadam, { positional: ["learningRate"], defaults: NADAM_DEFAULTS });
declareFactory(adamw, { positional: ["learningRate"], defaults: ADAMW_DEFAULTS });
declareFactory(nadamw, { positional: ["learningRate"], defaults: NADAMW_DEFAULTS });
declareFactory(amsgrad, { positional: ["learningRate"], defaults: AMSGRAD_DEFAULTS });
declareFactory(adamax, { positional: ["learningRate"], defaults: ADAMAX_DEFAULTS });
declareFactory(adamaxw, { positional: ["learningRate"], defaults: ADAMAXW_DEFAULTS });
declareFactory(radam, { positional: ["learningRate"], defaults: RADAM_DEFAULTS });
declareFactory(adabelief, { positional: ["learningRate"], defaults: ADABELIEF_DEFAULTS });
declareFactory(yogi, { positional: ["learningRate"], defaults: YOGI_DEFAULTS });
declareFactory(lion, { positional: ["learningRate"], defaults: LION_DEFAULTS });
