// Test helpers (not shipped): controlled-logit rules keyed by the 【marker】/[marker] each fixture question carries,
// so a test states per question which letter the model prefers (loglik, next-token) and what it replies (chat).
import { renderChatMl } from '../protocols/prompts.js';
import {
  type ControlledModel,
  createControlledModel,
  type LogitRule,
  scriptedReplies,
} from './controlled-model.js';
import { createScorer, type EvalScorer } from './scorer.js';

/** Answer cues of every protocol/benchmark, optionally followed by the " " target delimiter. */
const CUE = /(?:答案：|答案:|答案是:|Answer:) ?$/;

/** The last fixture marker in a text: 【P1】 or [M1]. */
export function lastMarker(text: string): string | undefined {
  const all = [...text.matchAll(/【(\w+)】|\[(\w+)\]/g)];
  const m = all[all.length - 1];
  return m === undefined ? undefined : (m[1] ?? m[2]);
}

/** After an answer cue: the logits the table gives the current question's marker (absent = all 0, a tie). */
export function letterRule(table: Readonly<Record<string, Readonly<Record<string, number>>>>): LogitRule {
  return ({ text }) => {
    if (!CUE.test(text)) return undefined;
    const marker = lastMarker(text);
    return (marker !== undefined ? table[marker] : undefined) ?? {};
  };
}

/** After "cue X" (a generated letter): end the reply. */
export const stopAfterLetter: LogitRule = ({ text }) =>
  /(?:答案：|答案:|答案是:|Answer:) ?[A-D]$/.test(text) ? { '<|im_end|>': 20 } : undefined;

/** Chat replies by the marker of the question in the prompt. */
export function chatRule(replies: Readonly<Record<string, string>>): LogitRule {
  return scriptedReplies((prompt) => {
    const m = lastMarker(prompt);
    return m === undefined ? undefined : replies[m];
  });
}

export interface ControlledSetup {
  model: ControlledModel;
  scorer: EvalScorer;
}

/** A controlled model + scorer (ChatML rendering, the model's greedy generator). */
export async function controlledScorer(
  letters: Readonly<Record<string, Readonly<Record<string, number>>>>,
  replies: Readonly<Record<string, string>> = {},
  batchSize = 8,
): Promise<ControlledSetup> {
  const model = await createControlledModel([chatRule(replies), stopAfterLetter, letterRule(letters)]);
  const scorer = createScorer({
    model,
    modelName: 'controlled',
    generate: model.generate,
    renderChat: renderChatMl,
    batchSize,
  });
  return { model, scorer };
}
