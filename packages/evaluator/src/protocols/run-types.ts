// Shapes shared by the protocol runners: the settings a run is scored under (recorded in every report and in
// the resume fingerprint), one subject's questions, and one scored question with what decided it.
import type { McQuestion, OptionLetter, SubjectInfo } from '../benchmarks/question.js';
import type { ExtractionRule } from './extract.js';
import type { ProtocolName } from './prompts.js';

/** How a question's letter is chosen: argmax of option loglikelihoods, or parsed from a greedy reply. */
export type ScoringMode = 'loglik' | 'generate';

export interface ProtocolSettings {
  protocol: ProtocolName;
  /** Few-shot examples from dev (steel-chat 0, opencompass-5shot 5, loglik k). */
  shots: number;
  scoring: ScoringMode;
  /** loglik: between context and option letter (lm-eval " "). opencompass next-token: "" (the prompt ends "答案: "). */
  targetDelimiter: string;
  /** loglik: between shots (lm-eval "\n\n"). */
  fewshotDelimiter: string;
  /** Generation: greedy tokens at most. */
  maxNewTokens: number;
  /** steel-chat: the system turn. */
  systemPrompt: string;
  /** Questions per scorer call (each loglik question is 4 sequences). */
  batchQuestions: number;
  /** At most this many questions per subject (the first n); null = all. */
  limit: number | null;
}

export interface SubjectTask {
  subject: SubjectInfo;
  /** The scored split; every question has an answer. */
  questions: readonly McQuestion[];
  /** dev questions for shots (empty when shots = 0). */
  dev: readonly McQuestion[];
}

/** One scored question: the report's QuestionResult plus what decided it. */
export interface QuestionRecord {
  subject: string;
  id: string;
  gold: OptionLetter;
  /** null = unparseable reply (counts as wrong and as unparseable). */
  predicted: OptionLetter | null;
  /** loglik scoring: Σ log p of each option's continuation, A–D. */
  logprobs?: number[];
  /** generate scoring: the reply and the extraction rule that decided (null = none). */
  reply?: string;
  rule?: ExtractionRule | 'first-capital' | null;
}

/** Called after each scorer call with the number of questions it finished. */
export type QuestionsDone = (n: number) => void;
