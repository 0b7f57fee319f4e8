// The emulator's SOQL engine: REST `query` and Tooling `query` answers over in-memory rows.
// parse (the parser package) → validate against schema and access (plan.ts) → filter → sort → slice
// → project (execute.ts).

import { columnsOf, type QueryColumns } from './columns.js';
import type { SoqlContext, SoqlResult } from './context.js';
import { executePlan } from './execute.js';
import { parseSoql } from './parse.js';
import { compileQuery, type QueryPlan } from './plan.js';

export type { SoqlContext, SoqlResult } from './context.js';
export type { ColumnMetadata, QueryColumns } from './columns.js';
export { SoqlError } from './errors.js';

function plan(soql: string, ctx: SoqlContext): QueryPlan {
  const { query, tokens } = parseSoql(soql);
  return compileQuery(soql, tokens, ctx, query);
}

/** All rows of the answer (the HTTP layer pages them). Throws SoqlError with Salesforce's code and text. */
export function executeSoql(soql: string, ctx: SoqlContext): SoqlResult {
  return executePlan(plan(soql, ctx), ctx);
}

/** The `columns=true` response body. Validates like executeSoql; reads no rows. */
export function queryColumns(soql: string, ctx: SoqlContext): QueryColumns {
  return columnsOf(plan(soql, ctx));
}
