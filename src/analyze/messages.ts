// Message text lives in templates with {{placeholders}} (typescript-eslint's meta.messages); a
// finding names its template by id. The engine has a few templates of its own for the statuses it
// decides itself (not-evaluated, error, and skips shared by every rule about run-as users).

import type { MessageData } from './types.js';

const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/** The placeholder names a template uses, in order of appearance, without repeats. */
export function placeholdersOf(template: string): string[] {
  return [...new Set([...template.matchAll(PLACEHOLDER)].map((m) => m[1] ?? ''))];
}

/** Fills a template; a placeholder without a value is a programming error and throws. */
export function renderMessage(template: string, data: MessageData = {}): string {
  return template.replace(PLACEHOLDER, (_, name: string) => {
    if (!Object.hasOwn(data, name)) throw new Error(`message placeholder {{${name}}} has no value`);
    const value = data[name];
    if (Array.isArray(value)) return value.join(', ');
    return String(value);
  });
}

/** Templates of the statuses the engine decides; rules may not reuse these ids. */
export const ENGINE_MESSAGES = {
  requestFailed: 'Not evaluated: {{reasons}}',
  notInMode: 'Not evaluated in {{mode}} mode: {{reasons}}',
  userNotFound:
    'Not examined: {{username}}, the run-as user of {{app}}, does not exist in the org (RG-0002 reports it)',
  accessUnresolved:
    'The effective access of {{username}} could not be computed: {{reason}}; the rule cannot decide',
  ruleError: 'The rule failed while evaluating {{app}}: {{error}}',
} as const;

export type EngineMessageId = keyof typeof ENGINE_MESSAGES;

export const ENGINE_MESSAGE_IDS = Object.keys(ENGINE_MESSAGES) as EngineMessageId[];
