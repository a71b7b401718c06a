// Incremental detokenization for streaming: only complete characters are emitted. Byte tokens (and byte-level BPE
// pieces) may end inside a UTF-8 sequence, which decodes to a trailing U+FFFD; that tail is held back until the
// sequence completes (or the stream ends). Re-decoding the ids since the last clean boundary keeps it exact.
import type { TextTokenizer } from '@steel/binpack';

export interface TextStream {
  /** Add one token id; resolves to the newly completed text (possibly ''). */
  push(id: number): Promise<string>;
  /** End of stream: whatever is held back (an incomplete sequence stays U+FFFD). */
  flush(): Promise<string>;
  /** Everything emitted so far. */
  readonly text: string;
}

/** Longest run of U+FFFD at the end of `s` (a possibly incomplete UTF-8 sequence). */
function trailingReplacement(s: string): number {
  let n = 0;
  while (n < s.length && s.charCodeAt(s.length - 1 - n) === 0xfffd) n++;
  return n;
}

/**
 * A text stream over `tokenizer.decode` (special tokens skipped by default).
 * @example const s = createTextStream(tok); for (const id of ids) process.stdout.write(await s.push(id));
 */
export function createTextStream(
  tokenizer: TextTokenizer,
  opts: { skipSpecialTokens?: boolean } = {},
): TextStream {
  const skipSpecialTokens = opts.skipSpecialTokens ?? true;
  let segment: number[] = []; // ids since the last clean boundary
  let emittedInSegment = 0; // chars of decode(segment) already emitted
  let text = '';
  const emit = (s: string) => {
    text += s;
    return s;
  };
  return {
    async push(id) {
      segment.push(id);
      const decoded = await tokenizer.decode(segment, { skipSpecialTokens });
      const hold = trailingReplacement(decoded);
      const ready = decoded.slice(emittedInSegment, decoded.length - hold);
      if (hold === 0) {
        segment = [];
        emittedInSegment = 0;
      } else emittedInSegment += ready.length;
      return emit(ready);
    },
    async flush() {
      if (!segment.length) return '';
      const decoded = await tokenizer.decode(segment, { skipSpecialTokens });
      segment = [];
      const rest = decoded.slice(emittedInSegment);
      emittedInSegment = 0;
      return emit(rest);
    },
    get text() {
      return text;
    },
  };
}
