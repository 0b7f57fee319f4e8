// Which app IP relaxation values lift the run-as user's login IP ranges (RG-0024's table). Connected
// Apps write `ipRelaxation` (ENFORCE, BYPASS, BYPASS_2FACTOR), External Client Apps
// `ipRelaxationPolicyType` (Enforce, Bypass, Bypass_2factor, Enforce_RelaxRefresh); values compare
// trimmed and upper-cased. Only the Bypass family relaxes: "relax for refresh tokens" does not reach
// client credentials, which issue no refresh token; unset and unknown values enforce. The values are
// CONFIRMED; that relaxation lifts the ranges for this flow is UNCONFIRMED
// (docs/salesforce-behaviour.md 1.8).

export type IpRelaxationKind = 'enforce' | 'relax';

export const IP_RELAXATION: Readonly<Record<string, { kind: IpRelaxationKind; label: string }>> = {
  ENFORCE: { kind: 'enforce', label: 'Enforce IP restrictions' },
  ENFORCE_RELAXREFRESH: {
    kind: 'enforce',
    label: 'Enforce IP restrictions, but relax for refresh tokens',
  },
  BYPASS: { kind: 'relax', label: 'Relax IP restrictions' },
  BYPASS_2FACTOR: { kind: 'relax', label: 'Relax IP restrictions with second factor' },
};

/** The table's entry for a value (trimmed, any case); undefined when unset or unknown. */
export function ipRelaxationOf(
  value: string | undefined,
): { kind: IpRelaxationKind; label: string } | undefined {
  const key = value?.trim().toUpperCase();
  return key === undefined || key === '' ? undefined : IP_RELAXATION[key];
}

/** Whether the value relaxes IP restrictions. Unset and unknown values enforce (the default). */
export function relaxesIpRestrictions(value: string | undefined): boolean {
  return ipRelaxationOf(value)?.kind === 'relax';
}
