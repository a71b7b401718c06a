// @steel/trainer — public API: Steel's LR schedule, PyTorch-semantics AdamW + grad clipping, the ORT grad session,
// one training step, checkpoints with exact resume, the run config, and the Trainer loop. Explicit named exports.
export {
  type AdamWKernel,
  type AdamWOptions,
  type AdamWState,
  adamwKernelOf,
  adamwStep,
  clipGradNorm,
  createAdamWState,
  globalGradNorm,
} from './adamw.js';
export {
  ARTIFACT_GRAPHS,
  ARTIFACTS_FORMAT,
  ARTIFACTS_MANIFEST,
  type ArtifactGraph,
  type ArtifactOptions,
  type ArtifactsManifest,
  readTrainingArtifacts,
  writeTrainingArtifacts,
} from './artifacts.js';
export {
  type CheckpointContents,
  checkpointName,
  LATEST_FILE,
  listCheckpoints,
  OPTIMIZER_FILE,
  readCheckpoint,
  readTrainerState,
  resolveCheckpoint,
  STATE_FILE,
  TRAINER_STATE_FORMAT,
  type TrainerState,
  writeCheckpoint,
} from './checkpoint.js';
export {
  type LocateKey,
  parseTrainConfig,
  RUN_DEVICES,
  type RunDevice,
  type TrainConfig,
  type TrainConfigInput,
  TrainConfigSchema,
  type TrainPart,
} from './config.js';
export {
  formatTrainConfigYaml,
  parseTrainConfigText,
  readTrainConfig,
  resolveConfigPaths,
} from './config-file.js';
export {
  type AddedData,
  appendTrainData,
  manifestOf,
  openTrainData,
  restoreTrainData,
  stateFiles,
  type TrainData,
} from './data.js';
export { demoCorpus } from './demo-corpus.js';
export { isTrainerError, TrainerError, type TrainerErrorCode, type TrainerErrorDetails } from './errors.js';
export { type TrainEvent, type TrainLoopOptions, type TrainLoopResult, trainLoop } from './loop.js';
export {
  METRICS_CSV,
  METRICS_JSONL,
  MetricsLog,
  type MetricsRow,
  readMetrics,
  TRAIN_COLUMNS,
  type TrainRow,
  VAL_COLUMNS,
  VAL_CSV,
  type ValRow,
} from './metrics.js';
export { type ResolvedModel, resolveModel, resolveModelConfig } from './model-source.js';
export {
  parseMetricsJsonl,
  REPORT_HTML,
  REPORT_SVG,
  type ReportSummary,
  renderTrainingReport,
  summarizeMetrics,
  writeTrainingReport,
} from './report.js';
export { checkSchedule, type LrSchedule, lrAt, lrForStep } from './schedule.js';
export {
  createGradSession,
  EXECUTION_PROVIDERS,
  type ExecutionProvider,
  type GradResult,
  type GradSession,
  type GradSessionOptions,
} from './session.js';
export { onStopSignals, STOP_SIGNALS, type StopRequest, type StopSignal } from './signals.js';
export {
  createStepEngine,
  resolveOptimizerPath,
  type StepEngine,
  type StepEngineOptions,
} from './step-engine.js';
export {
  type CheckpointTokenizer,
  checkpointTokenizer,
  STEEL_TOKENIZER_FILE,
  type TokenizerIdentity,
} from './tokenizer-files.js';
export { type StepHyper, type StepResult, splitBatch, trainStep } from './train-step.js';
export { type ResumeOptions, type StepReport, Trainer } from './trainer.js';
export { createValSession, type ValResult, type ValSession, type ValSessionOptions } from './val-session.js';
