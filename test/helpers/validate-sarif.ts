// Validates a SARIF log against the OASIS SARIF 2.1.0 schema vendored in test/schemas/ (draft-04,
// with its formats: uri, uri-reference, date-time). Nothing is downloaded: the schema is local.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import AjvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';

export const SARIF_SCHEMA_PATH = join(import.meta.dirname, '../schemas/sarif-schema-2.1.0.json');

// Ajv's strict mode lints the schema's own style (a `required` in an anyOf branch naming a property
// declared beside it), not the document: the OASIS schema is used as published.
// Both are CommonJS modules whose class is also their `default` export (NodeNext sees the module).
const ajv = new AjvDraft04.default({ allErrors: true, strict: false });
ajvFormats.default(ajv);
const validate = ajv.compile(JSON.parse(readFileSync(SARIF_SCHEMA_PATH, 'utf8')) as object);

/** `path: message` lines; empty when the document is a valid SARIF 2.1.0 log. */
export function validateSarif(doc: unknown): string[] {
  if (validate(doc)) return [];
  return (validate.errors ?? []).map(
    (e) => `${e.instancePath || '(root)'}: ${e.message ?? e.keyword} ${JSON.stringify(e.params)}`,
  );
}
