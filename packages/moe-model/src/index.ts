// @steel/moe-model — public API: config and presets, the parameter layout, FLOPs, safetensors / HF folders,
// the ONNX builder + serializer, reverse-mode autodiff, and the loss / grad / infer graphs. Explicit exports.
export { type GradContext, type GradRule, unbroadcast, zeros } from './autodiff/context.js';
export { GRAD_RULES } from './autodiff/rules.js';
export { buildGradients, type GradientOptions } from './autodiff/walk.js';
export {
  FFN_TYPES,
  type FfnType,
  formatSteelConfig,
  MLP_TYPES,
  type MlpType,
  type ModelDims,
  modelDims,
  parseSteelConfig,
  type SteelConfig,
  type SteelConfigInput,
} from './config.js';
export {
  isMoeModelError,
  MoeModelError,
  type MoeModelErrorCode,
  type MoeModelErrorDetails,
} from './errors.js';
export {
  type FlopsBreakdown,
  type FlopsPerToken,
  flopsPerToken,
  type TrainingMemory,
  trainingMemory,
} from './flops.js';
export { type ExportResult, exportOnnxFolder, TOKENIZER_FILES } from './graphs/export.js';
export { buildInferGraph, type InferGraphOptions } from './graphs/infer.js';
export {
  buildSuperstepGraph,
  SUPERSTEP_IO,
  type SuperstepAdamW,
  type SuperstepGraph,
  type SuperstepGraphOptions,
} from './graphs/superstep.js';
export {
  buildGradGraph,
  buildLossGraph,
  DEFAULT_IGNORE_INDEX,
  emitLoss,
  type LossArgs,
  type TrainGraph,
  type TrainGraphOptions,
} from './graphs/train.js';
export {
  bf16BitsToF32,
  DTYPE_BYTES,
  decodeFloats,
  encodeFloats,
  type FloatDtype,
  f16BitsToF32,
  f32ToBf16Bits,
  f32ToF16Bits,
  ST_DTYPES,
  type StDtype,
} from './hf/dtype.js';
export {
  formatShardIndex,
  type HfCheckpoint,
  type HfShard,
  INDEX_FILE,
  planShards,
  readHfFolder,
  SINGLE_FILE,
  writeHfFolder,
} from './hf/folder.js';
export {
  type ParamArrays,
  paramsFromTensors,
  tensorsFromParams,
  writeInitialCheckpoint,
} from './hf/params.js';
export {
  canonicalOrder,
  encodeSafetensorsHeader,
  parseSafetensors,
  parseSafetensorsHeader,
  readSafetensors,
  readSafetensorsHeader,
  readSafetensorsTensor,
  type SafetensorsHeader,
  type StTensor,
  type StTensorInfo,
  serializeSafetensors,
  writeSafetensors,
} from './hf/safetensors.js';
export {
  buildLayout,
  countParams,
  initParam,
  initParams,
  type ParamGroup,
  type ParamInit,
  type ParamLayout,
  type ParamSpec,
  weightDecayGroups,
} from './layout.js';
export { encodeValues, GraphBuilder, type GraphBuilderOptions, type Value } from './onnx/builder.js';
export { type ExternalDataOptions, writeModel } from './onnx/external-data.js';
export {
  type AttrValue,
  type Dim,
  ELEM_BYTES,
  type ElemType,
  type FloatType,
  type GraphProto,
  IR_VERSION,
  type ModelProto,
  type NodeProto,
  ONNX_DTYPE,
  OPSET_VERSION,
  type TensorData,
  type ValueInfo,
} from './onnx/ir.js';
export * as onnxOps from './onnx/ops.js';
export { serializeModel } from './onnx/serialize.js';
export {
  ifThenElse,
  type LoopBodyResult,
  type LoopOptions,
  type LoopResult,
  loop,
} from './onnx/subgraph.js';
export { getPreset, PRESET_NAMES, type PresetName } from './presets/index.js';
export { fnv1a32, Rng, type RngState } from './rng.js';
export {
  type GenerateOptions,
  greedyGenerate,
  type HostTensor,
  type InferRunner,
} from './runtime/generate.js';
