import { describe, expect, it } from 'vitest';

import { findControl, FRAMEWORK_IDS, FRAMEWORKS } from './index.js';

describe('frameworks', () => {
  it('has one data file per framework key, under its own id', () => {
    for (const id of FRAMEWORK_IDS) expect(FRAMEWORKS[id].id).toBe(id);
  });

  it('lists each control once, with a title and an https url where given', () => {
    for (const framework of Object.values(FRAMEWORKS)) {
      const ids = framework.controls.map((c) => c.id);
      expect(new Set(ids).size, framework.id).toBe(ids.length);
      expect(framework.url).toMatch(/^https:\/\//);
      for (const control of framework.controls) {
        expect(control.title.trim(), `${framework.id} ${control.id}`).not.toBe('');
        if (control.url !== undefined) expect(control.url).toMatch(/^https:\/\//);
      }
    }
  });

  it('holds the controls the rule catalog names', () => {
    const nhi = Array.from({ length: 10 }, (_, i) => `NHI${i + 1}`);
    expect(FRAMEWORKS['owasp-nhi-2025'].controls.map((c) => c.id)).toEqual(nhi);
    for (const id of [
      'PR.AA-01',
      'PR.AA-02',
      'PR.AA-03',
      'PR.AA-04',
      'PR.AA-05',
      'DE.CM-01',
      'DE.CM-03',
      'DE.CM-09',
      'PR.PS-01',
      'ID.AM-08',
    ])
      expect(findControl('nist-csf-2.0', id), id).toBeDefined();
    for (const id of ['SBS-ACS-007', 'SBS-ACS-008', 'SBS-OAUTH-001', 'SBS-OAUTH-002'])
      expect(findControl('sbs', id), id).toBeDefined();
  });

  it('finds nothing for an unknown framework or control', () => {
    expect(findControl('nist-csf-2.0', 'PR.AA-99')).toBeUndefined();
    expect(findControl('cis', 'PR.AA-01')).toBeUndefined();
  });

  it('displays OWASP ids with their edition', () => {
    expect(FRAMEWORKS['owasp-nhi-2025'].display?.('NHI5')).toBe('NHI5:2025');
  });
});
