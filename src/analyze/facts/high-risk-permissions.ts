// RG-0009's lists, also read by RG-0011's excess access: the system permissions the rule catalog names
// critical and high, and the rest of the high list, kept as data in
// src/model/standard/system-permissions.ts (one table for the whole tool, with labels). This module
// selects them and orders them critical first.

import type { SystemPermissionRisk } from '../../model/standard/system-permissions.js';
import { SYSTEM_PERMISSIONS } from '../../model/standard/system-permissions.js';

export interface HighRiskPermission {
  /** Metadata name (`ModifyAllData`). */
  name: string;
  label: string;
  risk: SystemPermissionRisk;
}

const RANK: Record<SystemPermissionRisk, number> = { critical: 0, high: 1 };

export const HIGH_RISK_PERMISSIONS: readonly HighRiskPermission[] = SYSTEM_PERMISSIONS.flatMap(
  (p) => (p.risk === undefined ? [] : [{ name: p.name, label: p.label, risk: p.risk }]),
).sort((a, b) => RANK[a.risk] - RANK[b.risk] || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
