import { describe, expect, it } from 'vitest';

import { STANDARD_LICENCES } from '../standard/licences.js';
import { licenceEntry, licenceFitness, RUN_AS_LICENCES } from './licence.js';

describe('run-as licence table', () => {
  it('agrees with the standard licence data on API access', () => {
    for (const standard of STANDARD_LICENCES) {
      const entry = licenceEntry(standard.name);
      if (entry === undefined) continue;
      expect(entry.fitness === 'no-api', standard.name).toBe(!standard.apiAccess);
      expect(entry.fitness === 'integration', standard.name).toBe(standard.integration);
    }
  });

  it('classifies the licences RG-0006 names', () => {
    expect(licenceEntry('Salesforce Integration')?.fitness).toBe('integration');
    expect(licenceEntry('salesforce')?.fitness).toBe('human');
    expect(licenceEntry('Salesforce Platform')?.fitness).toBe('human');
    expect(licenceEntry('Chatter Free')?.fitness).toBe('no-api');
    expect(licenceEntry('Chatter External')?.fitness).toBe('no-api');
    expect(licenceEntry('Nonexistent')).toBeUndefined();
  });

  it('lists each licence once', () => {
    const names = RUN_AS_LICENCES.map((l) => l.name.toLowerCase());
    expect(new Set(names).size).toBe(names.length);
  });
});

describe('licenceFitness', () => {
  it.each([
    ['Salesforce Integration', 'integration'],
    [' salesforce integration ', 'integration'],
    ['Salesforce', 'human'],
    ['Salesforce Platform', 'human'],
    ['Partner Community', 'limited'],
    ['Chatter Free', 'no-api'],
    ['Guest User License', 'no-api'],
    ['Salesforce Integration Plus', undefined],
    ['', undefined],
  ] as const)('%s', (name, fitness) => {
    expect(licenceFitness(name)).toBe(fitness);
  });
});
