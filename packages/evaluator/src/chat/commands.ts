// The chat commands of steel-chat, parsed at the library level: `/reset` (forget the conversation), `/system <text>`
// (new system prompt, new conversation), `/system` (show it), `/exit` (the app quits). Anything else is a message.

export type ChatCommand =
  | { kind: 'reset' }
  | { kind: 'system'; text?: string }
  | { kind: 'exit' }
  | { kind: 'help' }
  | { kind: 'unknown'; name: string };

/** The command on `line`, or undefined when it is a message (lines not starting with '/', or '//' to escape). */
export function parseChatCommand(line: string): ChatCommand | undefined {
  const t = line.trim();
  if (!t.startsWith('/') || t.startsWith('//')) return undefined;
  const m = /^\/(\S+)(?:\s+([\s\S]*))?$/.exec(t)!;
  const name = m[1]!;
  const arg = m[2]?.trim();
  switch (name) {
    case 'reset':
    case 'clear':
      return { kind: 'reset' };
    case 'system':
      return arg ? { kind: 'system', text: arg } : { kind: 'system' };
    case 'exit':
    case 'quit':
      return { kind: 'exit' };
    case 'help':
      return { kind: 'help' };
    default:
      return { kind: 'unknown', name };
  }
}

/** A user line as sent to the model: '//x' escapes a leading slash. */
export function messageText(line: string): string {
  const t = line.trim();
  return t.startsWith('//') ? t.slice(1) : t;
}

export const CHAT_HELP = [
  '/reset           forget the conversation (the system prompt stays)',
  '/system <text>   set the system prompt and start a new conversation',
  '/system          show the system prompt',
  '/exit            quit',
  '//text           send a message that starts with "/"',
].join('\n');
