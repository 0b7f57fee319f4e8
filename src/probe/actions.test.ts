// The probe's input: follow-on queries are single reads with LIMIT 1, names and counts are bounded,
// and the consumer secret goes nowhere but https or this machine.

import { describe, expect, it } from 'vitest';

import { checkInput, probeActionsOf, ProbeInputError, readOnlyQuery } from './actions.js';
import type { ProbeInput } from './types.js';

const input = (patch: Partial<ProbeInput> = {}): ProbeInput => ({
  app: 'Billing_Callback',
  loginUrl: 'https://acme.my.salesforce.com',
  clientId: '3MVG9KEY',
  clientSecret: 'not-a-real-secret-value',
  apiVersion: '62.0',
  actions: { describe: [], fields: [], soql: [] },
  ...patch,
});

describe('readOnlyQuery', () => {
  it('adds LIMIT 1, or lowers an existing LIMIT to 1', () => {
    expect(readOnlyQuery('SELECT Id FROM Account')).toBe('SELECT Id FROM Account LIMIT 1');
    expect(readOnlyQuery('  select Id from Account limit 200; ')).toBe(
      'select Id from Account LIMIT 1',
    );
    expect(readOnlyQuery('SELECT Id FROM Account LIMIT 5 OFFSET 10')).toBe(
      'SELECT Id FROM Account LIMIT 1 OFFSET 10',
    );
    expect(readOnlyQuery('SELECT Id FROM Account ORDER BY Name OFFSET 3')).toBe(
      'SELECT Id FROM Account ORDER BY Name LIMIT 1 OFFSET 3',
    );
    expect(readOnlyQuery('SELECT Id, (SELECT Id FROM Contacts LIMIT 3) FROM Account')).toBe(
      'SELECT Id, (SELECT Id FROM Contacts LIMIT 3) FROM Account LIMIT 1',
    );
  });

  it('refuses what is not a read', () => {
    expect(() => readOnlyQuery('DELETE FROM Account')).toThrow(ProbeInputError);
    expect(() => readOnlyQuery('SELECT Id FROM Account FOR UPDATE')).toThrow(/change data/);
    expect(() => readOnlyQuery('SELECT Id FROM Account LIMIT 1 FOR VIEW')).toThrow(/change data/);
    expect(() => readOnlyQuery('SELECT Id FROM Account FOR REFERENCE')).toThrow(/change data/);
    expect(() =>
      readOnlyQuery(`SELECT Id FROM Account WHERE Name = '${'x'.repeat(5000)}'`),
    ).toThrow(/longer/);
  });
});

describe('checkInput', () => {
  it('describes each needed object once, including the objects of needed fields', () => {
    const checked = checkInput(
      input({
        loginUrl: 'https://acme.my.salesforce.com/some/path',
        actions: {
          describe: ['Account', 'Invoice__c'],
          fields: ['account.Industry', 'Order.PoNumber', 'Order.PoNumber'],
          soql: ['SELECT Id FROM Order'],
        },
      }),
    );
    expect(checked).toEqual({
      loginOrigin: 'https://acme.my.salesforce.com',
      describe: ['Account', 'Invoice__c', 'Order'],
      fields: ['account.Industry', 'Order.PoNumber'],
      soql: ['SELECT Id FROM Order LIMIT 1'],
      objectWrites: new Map(),
      fieldEdits: [],
    });
  });

  it('proves the declared writes: create/edit/delete of objects, edit of fields', () => {
    const checked = checkInput(
      input({
        actions: {
          describe: [],
          fields: [],
          soql: [],
          needs: {
            objects: { Case: ['read', 'edit', 'viewAll'], Order: ['read'], Task: ['delete'] },
            fields: { 'Case.Priority': ['read', 'edit'], 'Lead.Rating': ['edit'] },
          },
        },
      }),
    );
    expect(checked.objectWrites).toEqual(
      new Map([
        ['Case', ['edit']],
        ['Task', ['delete']],
      ]),
    );
    expect(checked.fieldEdits).toEqual(['Case.Priority', 'Lead.Rating']);
    // A field declared for edit only is still checked for visibility, and its object described.
    expect(checked.fields).toEqual(['Case.Priority', 'Lead.Rating']);
    expect(checked.describe).toEqual(['Case', 'Task', 'Lead']);
  });

  it('refuses needs that are not API names or known actions', () => {
    const needs = (n: NonNullable<ProbeInput['actions']['needs']>): ProbeInput =>
      input({ actions: { describe: [], fields: [], soql: [], needs: n } });
    expect(() => checkInput(needs({ objects: { 'Case; DROP': ['read'] } }))).toThrow(
      /object API name/,
    );
    expect(() => checkInput(needs({ fields: { Priority: ['edit'] } }))).toThrow(/Object.Field/);
    expect(() => checkInput(needs({ objects: { Case: ['write' as 'edit'] } }))).toThrow(
      /not an object action/,
    );
    expect(() => checkInput(needs({ fields: { 'Case.Priority': ['delete' as 'edit'] } }))).toThrow(
      /not a field action/,
    );
  });

  it('sends the secret over https only, or plain http to this machine', () => {
    expect(() => checkInput(input({ loginUrl: 'http://acme.my.salesforce.com' }))).toThrow(/https/);
    expect(() => checkInput(input({ loginUrl: 'ftp://acme.my.salesforce.com' }))).toThrow(/https/);
    expect(() => checkInput(input({ loginUrl: 'https://u:p@acme.my.salesforce.com' }))).toThrow(
      /credentials/,
    );
    expect(checkInput(input({ loginUrl: 'http://127.0.0.1:8080' })).loginOrigin).toBe(
      'http://127.0.0.1:8080',
    );
  });

  it('refuses bad names, versions and too many actions, never quoting the secret', () => {
    const bad: Partial<ProbeInput>[] = [
      { actions: { describe: ['Acc ount'], fields: [], soql: [] } },
      { actions: { describe: [], fields: ['NoDot'], soql: [] } },
      {
        actions: { describe: Array.from({ length: 51 }, (_, i) => `O${i}`), fields: [], soql: [] },
      },
      { apiVersion: 'v62' },
      { clientId: '' },
      { clientId: 'has space' },
      { clientSecret: '' },
      { clientSecret: 'x'.repeat(600) },
    ];
    for (const patch of bad) {
      let message = '';
      try {
        checkInput(input(patch));
      } catch (error) {
        expect(error).toBeInstanceOf(ProbeInputError);
        expect((error as ProbeInputError).exitCode).toBe(2);
        message = (error as Error).message;
      }
      expect(message, JSON.stringify(patch).slice(0, 80)).not.toBe('');
      expect(message).not.toContain('not-a-real-secret-value');
    }
  });
});

describe('probeActionsOf', () => {
  it("takes the manifest integration's needs and probe queries", () => {
    expect(
      probeActionsOf({
        needs: {
          objects: { Order: ['read'], Account: ['read'] },
          fields: { 'Order.PoNumber': ['read'] },
        },
        probe: [{ soql: 'SELECT Id FROM Order' }],
      }),
    ).toEqual({
      describe: ['Order', 'Account'],
      fields: ['Order.PoNumber'],
      soql: ['SELECT Id FROM Order'],
      needs: {
        objects: { Order: ['read'], Account: ['read'] },
        fields: { 'Order.PoNumber': ['read'] },
      },
    });
    expect(probeActionsOf({})).toEqual({
      describe: [],
      fields: [],
      soql: [],
      needs: { objects: {}, fields: {} },
    });
  });
});
