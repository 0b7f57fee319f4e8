// lineOfGrant: the line of the element that grants a permission, in the layouts the reader knows.

import { describe, expect, it } from 'vitest';

import { lineOfGrant } from './diff.js';

const SET = `<?xml version="1.0" encoding="UTF-8"?>
<PermissionSet xmlns="http://soap.sforce.com/2006/04/metadata">
    <fieldPermissions>
        <editable>true</editable>
        <field>Case.Priority</field>
        <readable>true</readable>
    </fieldPermissions>
    <objectPermissions>
        <allowCreate>false</allowCreate>
        <allowEdit>false</allowEdit>
        <allowRead>true</allowRead>
        <object>Account</object>
    </objectPermissions>
    <objectPermissions>
        <allowCreate>true</allowCreate>
        <allowEdit>true</allowEdit>
        <allowRead>true</allowRead>
        <object>Case</object>
        <viewAllRecords>false</viewAllRecords>
    </objectPermissions>
    <userPermissions>
        <enabled>true</enabled>
        <name>ViewAllData</name>
    </userPermissions>
</PermissionSet>
`;

describe('lineOfGrant', () => {
  it('an object action: its flag in the entry of that object, not of another', () => {
    expect(lineOfGrant(SET, 'object:Case:edit')).toBe(16);
    expect(lineOfGrant(SET, 'object:Account:edit')).toBe(10);
    expect(lineOfGrant(SET, 'object:Case:viewAll')).toBe(19);
  });

  it('a field action: editable or readable of that field', () => {
    expect(lineOfGrant(SET, 'field:Case.Priority:edit')).toBe(4);
    expect(lineOfGrant(SET, 'field:Case.Priority:read')).toBe(6);
  });

  it('a system permission: its name element, case-insensitively', () => {
    expect(lineOfGrant(SET, 'system:ViewAllData')).toBe(23);
    expect(lineOfGrant(SET, 'system:viewalldata')).toBe(23);
  });

  it('a grant the file does not name: undefined', () => {
    expect(lineOfGrant(SET, 'object:Lead:read')).toBeUndefined();
    expect(lineOfGrant(SET, 'system:ModifyAllData')).toBeUndefined();
  });

  it('a decomposed part without the entry wrapper: the flag of its one entry', () => {
    const part =
      '<ObjectPermissions>\n  <allowEdit>true</allowEdit>\n  <object>Case</object>\n</ObjectPermissions>\n';
    expect(lineOfGrant(part, 'object:Case:edit')).toBe(2);
  });
});
