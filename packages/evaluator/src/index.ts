// @steel/evaluator — public entry point: benchmark readers (C-Eval, CMMLU), prompt builders for the three protocols,
// answer extraction and reports. Model scoring, generation and chat are not implemented yet (see README.md).
export {
  CEVAL_HARD,
  CEVAL_SPLITS,
  CEVAL_SUBJECTS,
  type CevalCategory,
  type CevalSplit,
  cevalFile,
  cevalSubject,
  parseCevalCsv,
  readCevalSubject,
} from './benchmarks/ceval.js';
export {
  CMMLU_CHINA_SPECIFIC,
  CMMLU_SPLITS,
  CMMLU_SUBJECTS,
  type CmmluCategory,
  type CmmluSplit,
  cmmluFile,
  cmmluSubject,
  parseCmmluCsv,
  readCmmluSubject,
} from './benchmarks/cmmlu.js';
// scoring, protocol runners, reports, perplexity, download (issue #5)
export {
  MMLU_SPLITS,
  MMLU_SUBJECTS,
  type MmluCategory,
  type MmluSplit,
  mmluFile,
  mmluRoot,
  mmluSubject,
  parseMmluCsv,
  readMmluSubject,
} from './benchmarks/mmlu.js';
export {
  isOptionLetter,
  type McQuestion,
  OPTION_LETTERS,
  type OptionLetter,
  type SubjectInfo,
} from './benchmarks/question.js';
export {
  BENCHMARKS,
  type BenchmarkName,
  type BenchmarkSuite,
  checkSplitFolders,
  getSuite,
  selectSubjects,
} from './benchmarks/suite.js';
export { CHAT_HELP, type ChatCommand, messageText, parseChatCommand } from './chat/commands.js';
export { QWEN_CHATML_TEMPLATE, QWEN_DEFAULT_SYSTEM } from './chat/qwen-chatml.js';
export {
  type ChatReply,
  ChatSession,
  type ChatSessionOptions,
  type CommandOutcome,
} from './chat/session.js';
export {
  type ChatTemplate,
  compileChatTemplate,
  type RenderChatOptions,
  renderChatTemplate,
} from './chat/template.js';
export { type CsvRecord, parseCsv } from './csv.js';
export { type DownloadOptions, type DownloadResult, downloadBenchmark, HUB_ARCHIVES } from './download.js';
export {
  EvaluatorError,
  type EvaluatorErrorCode,
  type EvaluatorErrorDetails,
  isEvaluatorError,
} from './errors.js';
// generation (issue #5): KV-cache decoding, HF-semantics sampling, streaming text, decode throughput
export { type DecodeBenchOptions, type DecodeBenchResult, measureDecodeSpeed } from './generate/bench.js';
export {
  defaultStopIds,
  type GenerateOptions,
  type Generation,
  generate,
  type TokenEvent,
} from './generate/decode.js';
export {
  applyRepetitionPenalty,
  applyTopK,
  applyTopP,
  argmaxOf,
  checkSampling,
  chooseToken,
  drawIndex,
  processScores,
  type SamplingOptions,
  softmax,
} from './generate/sampling.js';
export { createTextStream, type TextStream } from './generate/text-stream.js';
export { jsonlRows, type PerplexityOptions, type PerplexityResult, packedRows, perplexity } from './ppl.js';
export {
  type Extraction,
  type ExtractionRule,
  extractAnswer,
  fuzzyMatch,
  matchCascade,
  replaceOptionTexts,
  similarity,
} from './protocols/extract.js';
export {
  buildLoglikRequest,
  buildOpenCompassPrompt,
  buildSteelChatMessages,
  buildSteelChatPrompt,
  type ChatMessage,
  formatChatQuestion,
  formatLoglikQuestion,
  formatOpenCompassQuestion,
  type LoglikOptions,
  type LoglikRequest,
  lmEvalCevalDescription,
  PROTOCOLS,
  type ProtocolName,
  renderChatMl,
  STEEL_SYSTEM_PROMPT,
  takeShots,
} from './protocols/prompts.js';
export { choiceContext, pickLetter, scoreByLoglik } from './protocols/run-choice.js';
export { firstCapital, generationPrompt, scoreByGeneration } from './protocols/run-generate.js';
export type { ProtocolSettings, QuestionRecord, ScoringMode, SubjectTask } from './protocols/run-types.js';
export { type LoglikPromptOptions, loglikPrompt, type PromptStyle, promptStyle } from './protocols/styles.js';
export {
  buildReport,
  type EvalReport,
  type GroupScore,
  headlineAverage,
  headlineScore,
  type QuestionResult,
  type ReportMeta,
  reportGroupsToCsv,
  reportToCsv,
  reportToJson,
  reportToMarkdown,
  type SubjectScore,
} from './report.js';
export { type ReportFiles, writeReportFiles } from './report-files.js';
export { type RunSettings, SUBJECT_RECORD_FORMAT, SubjectStore, settingsFingerprint } from './resume.js';
export {
  type EvalProgress,
  type RunBenchmarkOptions,
  type RunBenchmarkResult,
  resolveSettings,
  runBenchmark,
} from './run-benchmark.js';
// runtime (issue #5): model folders in ORT sessions, exact batched scoring
export { isTokenCausal, type PlannedBatch, planBatches } from './runtime/batching.js';
export { emptyState, int64, nextState, stepFeeds } from './runtime/feeds.js';
export { argmax, logSoftmax, logSumExp } from './runtime/logprobs.js';
export {
  type ContinuationItem,
  type ContinuationScore,
  type CreateModelOptions,
  createLoadedModel,
  type LoadedModel,
  type LoadModelOptions,
  loadModel,
  type ScoreOptions,
} from './runtime/model.js';
export {
  DEVICES,
  type Device,
  type InferRun,
  type InferSession,
  openInferSession,
} from './runtime/session.js';
export { loadModelTokenizer, type ModelTokenizer, STEEL_TOKENIZER_FILE } from './runtime/tokenizer.js';
export { type BigramTable, bigramWeights } from './scoring/bigram.js';
export {
  type ControlledModel,
  createControlledModel,
  decodeBytes,
  encodeBytes,
  type LogitRule,
  type LogitSet,
  type PrefixView,
  scriptedReplies,
} from './scoring/controlled-model.js';
export { type ModelScorerOptions, scorerForModel } from './scoring/from-model.js';
export {
  createScorer,
  type EvalScorer,
  type LoglikTextRequest,
  type ScorerOptions,
  splitTrailingSpace,
  type TextGenerator,
  type TokenLanguageModel,
} from './scoring/scorer.js';
export { reportToSvg } from './svg.js';
export { readZip, type ZipEntry } from './zip.js';
