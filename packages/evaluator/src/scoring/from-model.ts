// The scorer of a loaded ONNX model (runtime/model.ts): loglikelihoods through its scoreContinuations, greedy
// replies through generate/decode.ts (KV cache, stop at <|im_end|>/<|endoftext|>, special tokens dropped), chat
// prompts through the model's own chat template (chat/template.ts; Qwen ChatML when the folder has none).
import { compileChatTemplate } from '../chat/template.js';
import { generate } from '../generate/decode.js';
import type { ChatMessage } from '../protocols/prompts.js';
import type { LoadedModel } from '../runtime/model.js';
import { createScorer, type EvalScorer } from './scorer.js';

export interface ModelScorerOptions {
  /** Names in reports (default: the model folder). */
  modelName?: string;
  tokenizerName?: string;
  /** Sequences per forward pass. */
  batchSize?: number;
  /** Default: the model's chat template with add_generation_prompt. */
  renderChat?: (messages: readonly ChatMessage[]) => string;
}

/**
 * An EvalScorer over a LoadedModel.
 * @example const scorer = scorerForModel(await loadModel(dir), { modelName: 'steel-1b' });
 */
export function scorerForModel(model: LoadedModel, o: ModelScorerOptions = {}): EvalScorer {
  const template = compileChatTemplate(model.chatTemplate);
  return createScorer({
    model,
    modelName: o.modelName ?? model.dir,
    tokenizerName: o.tokenizerName ?? model.tokenizer.info.name,
    ...(o.batchSize === undefined ? {} : { batchSize: o.batchSize }),
    renderChat: o.renderChat ?? ((messages) => template.render(messages)),
    generate: async (prompts, g) => {
      const ids = await model.tokenizer.encodeBatch([...prompts]);
      const out = await generate(model, ids, { maxNewTokens: g.maxNewTokens, batchSize: g.batchSize });
      return out.map((x) => x.text);
    },
  });
}
