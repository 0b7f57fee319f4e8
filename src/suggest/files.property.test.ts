// Whatever free text a manifest names an integration with, the suggested permission set is
// well-formed XML that the project reader (src/metadata/) reads back to the same description,
// within Salesforce's 255 characters.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { parseMetadataXml } from '../metadata/xml.js';
import { permissionSetFile } from './files.js';
import { descriptionOf, MAX_DESCRIPTION } from './plan.js';

/** Any UTF-16 code unit, lone surrogates and controls included. */
const unit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));
const names = fc.oneof(
  fc.string({ unit, maxLength: 300 }),
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.string({
    unit: fc.constantFrom('<', '>', '&', '"', "'", ']]>', '\r', '\n', '\t', ' '),
    maxLength: 40,
  }),
);

describe('the suggested permission set, for any integration name', () => {
  it('parses back to the same description, at most 255 characters', () => {
    fc.assert(
      fc.property(names, (name) => {
        const description = descriptionOf(name, 'Billing_Callback');
        expect(Array.from(description).length).toBeLessThanOrEqual(MAX_DESCRIPTION);
        const file = permissionSetFile({
          kind: 'PermissionSet',
          name: 'Billing_Callback_Least_Privilege',
          label: 'Billing Callback Least Privilege',
          description,
          hasActivationRequired: false,
          userPermissions: ['ApiEnabled'],
          objectPermissions: {},
          fieldPermissions: {},
        });
        const parsed = parseMetadataXml(file.text, file.path);
        expect(parsed.root).toBe('PermissionSet');
        expect(parsed.content.description).toBe(description);
      }),
      { numRuns: 300 },
    );
  });
});
