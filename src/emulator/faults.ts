// Fault injection (`--faults FILE`, SPEC.md section 9): per-route status codes, Salesforce error bodies,
// latency, dropped connections, truncated bodies and expired sessions, so collectors and probes can be
// tested against the failures real orgs produce.

import { readFile } from 'node:fs/promises';

import { z } from 'zod';

export const FaultRuleSchema = z
  .object({
    /** HTTP method to match; any when absent. */
    method: z.string().optional(),
    /** Regular expression matched against the path (double slashes collapsed), e.g. `/query$`. */
    path: z.string(),
    /** Regular expression matched against the decoded query string (e.g. the SOQL), optional. */
    query: z.string().optional(),
    /** Answer with this status and a Salesforce error body. */
    status: z.number().int().min(100).max(599).optional(),
    errorCode: z.string().optional(),
    message: z.string().optional(),
    /** Raw body instead of a Salesforce error body. */
    body: z.string().optional(),
    /** Delay before answering, in milliseconds. */
    latencyMs: z.number().int().min(0).max(120_000).optional(),
    /** Close the connection without an answer. */
    drop: z.boolean().optional(),
    /** Send only the first half of the real answer's body. */
    truncate: z.boolean().optional(),
    /** End every session before answering (the caller then gets INVALID_SESSION_ID). */
    expireSessions: z.boolean().optional(),
    /** Skip the first N matching requests. */
    after: z.number().int().min(0).optional(),
    /** Apply to at most N matching requests. */
    times: z.number().int().min(1).optional(),
  })
  .strict();

export type FaultRule = z.infer<typeof FaultRuleSchema>;

export const FaultFileSchema = z.object({ faults: z.array(FaultRuleSchema) }).strict();

export async function loadFaultFile(file: string): Promise<FaultRule[]> {
  const text = await readFile(file, 'utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file}: invalid JSON (${(error as Error).message})`);
  }
  const parsed = FaultFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${file}: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data.faults;
}

/** Matches requests against the rules, counting matches for `after` and `times`. */
export class FaultInjector {
  readonly #seen: number[];

  constructor(private readonly rules: readonly FaultRule[]) {
    this.#seen = rules.map(() => 0);
  }

  match(method: string, path: string, query: string): FaultRule | undefined {
    for (const [index, rule] of this.rules.entries()) {
      if (rule.method !== undefined && rule.method.toUpperCase() !== method.toUpperCase()) continue;
      if (!new RegExp(rule.path).test(path)) continue;
      if (rule.query !== undefined && !new RegExp(rule.query, 'i').test(query)) continue;
      const seen = (this.#seen[index] ?? 0) + 1;
      this.#seen[index] = seen;
      if (rule.after !== undefined && seen <= rule.after) continue;
      if (rule.times !== undefined && seen > (rule.after ?? 0) + rule.times) continue;
      return rule;
    }
    return undefined;
  }
}
