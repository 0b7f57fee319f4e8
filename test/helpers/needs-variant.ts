// A copy of the demo org in which the External Client App Fleet_Telematics also declares
// `Case.Priority: [read, edit]` and its run-as user receives Case read/edit and Priority edit through
// the permission set group Case_Desk_Access, whose muting permission set Case_Desk_Muting mutes
// Priority's edit when `muted`. Shared by test/e2e/probe-needs.test.ts and the fidelity package
// (test/fidelity/), which runs under its own Vitest: this module imports neither Vitest nor the
// tool's sources, and leaves cleanup to the caller.

import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { parse, stringify } from 'yaml';

export const NEEDS_APP = 'Fleet_Telematics';
export const NEEDS_RUN_AS = 'telematics.integration@acme-logistics.example';

const DEMO_ORG = join(import.meta.dirname, '../../demo/org');
const META = 'force-app/main/default';

const CASE_DESK = `<?xml version="1.0" encoding="UTF-8"?>
<PermissionSet xmlns="http://soap.sforce.com/2006/04/metadata">
    <fieldPermissions>
        <editable>true</editable>
        <field>Case.Priority</field>
        <readable>true</readable>
    </fieldPermissions>
    <hasActivationRequired>false</hasActivationRequired>
    <label>Case Desk</label>
    <objectPermissions>
        <allowCreate>false</allowCreate>
        <allowDelete>false</allowDelete>
        <allowEdit>true</allowEdit>
        <allowRead>true</allowRead>
        <modifyAllRecords>false</modifyAllRecords>
        <object>Case</object>
        <viewAllRecords>false</viewAllRecords>
    </objectPermissions>
</PermissionSet>
`;

const CASE_DESK_MUTING = `<?xml version="1.0" encoding="UTF-8"?>
<MutingPermissionSet xmlns="http://soap.sforce.com/2006/04/metadata">
    <fieldPermissions>
        <editable>true</editable>
        <field>Case.Priority</field>
        <readable>false</readable>
    </fieldPermissions>
    <label>Case Desk Muting</label>
</MutingPermissionSet>
`;

function group(muted: boolean): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<PermissionSetGroup xmlns="http://soap.sforce.com/2006/04/metadata">
    <hasActivationRequired>false</hasActivationRequired>
    <label>Case Desk Access</label>
${muted ? '    <mutingPermissionSets>Case_Desk_Muting</mutingPermissionSets>\n' : ''}    <permissionSets>Case_Desk</permissionSets>
    <status>Updated</status>
</PermissionSetGroup>
`;
}

interface Manifest {
  integrations: {
    app: string;
    needs?: { objects?: Record<string, string[]>; fields?: Record<string, string[]> };
    runAsAccess?: { permissionSetGroups?: string[] };
  }[];
}

export interface NeedsVariant {
  /** The org fixture directory (with its runas-guard.yaml). */
  org: string;
  /** Deletes the copy. */
  remove: () => void;
}

/** Writes the variant into a new temporary directory. */
export function needsVariantOrg(muted: boolean): NeedsVariant {
  const dir = mkdtempSync(join(tmpdir(), 'rg-needs-'));
  const remove = (): void => {
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const org = join(dir, 'org');
    cpSync(DEMO_ORG, org, { recursive: true });
    writeFileSync(join(org, META, 'permissionsets/Case_Desk.permissionset-meta.xml'), CASE_DESK);
    writeFileSync(
      join(org, META, 'mutingpermissionsets/Case_Desk_Muting.mutingpermissionset-meta.xml'),
      CASE_DESK_MUTING,
    );
    writeFileSync(
      join(org, META, 'permissionsetgroups/Case_Desk_Access.permissionsetgroup-meta.xml'),
      group(muted),
    );
    const assignments = join(org, 'data/PermissionSetAssignment.json');
    const data = JSON.parse(readFileSync(assignments, 'utf8')) as { records: unknown[] };
    data.records.push({
      attributes: { type: 'PermissionSetAssignment', referenceId: 'CaseDeskAccessRef' },
      Assignee: { Username: NEEDS_RUN_AS },
      PermissionSetGroup: { DeveloperName: 'Case_Desk_Access' },
    });
    writeFileSync(assignments, JSON.stringify(data, null, 2));
    const manifestFile = join(org, 'runas-guard.yaml');
    const manifest = parse(readFileSync(manifestFile, 'utf8')) as Manifest;
    const entry = manifest.integrations.find((i) => i.app === NEEDS_APP);
    if (entry?.needs?.objects === undefined || entry.needs.fields === undefined)
      throw new Error(`no needs for ${NEEDS_APP} in the demo manifest`);
    entry.needs.objects.Case = ['read', 'edit'];
    entry.needs.fields['Case.Priority'] = ['read', 'edit'];
    entry.runAsAccess = { ...entry.runAsAccess, permissionSetGroups: ['Case_Desk_Access'] };
    writeFileSync(manifestFile, stringify(manifest));
    return { org, remove };
  } catch (error) {
    remove();
    throw error;
  }
}
