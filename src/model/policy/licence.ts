// Licence fitness: which user licences suit a client-credentials run-as user. Salesforce recommends
// the Salesforce Integration licence with the Minimum Access - API Only Integrations profile
// (CONFIRMED, docs/salesforce-behaviour.md 1.6); a full human licence works but spends a seat and
// invites interactive use; some licences cannot be given API Enabled at all. The community
// licences' API capability is recalled, marked `unconfirmed`.

export type LicenceFitness =
  /** The licence Salesforce intends for integration users. */
  | 'integration'
  /** A full licence for people: the API works, but the Integration licence fits. */
  | 'human'
  /** API access is possible, but the licence is for external or limited users. */
  | 'limited'
  /** Users of this licence cannot have API Enabled. */
  | 'no-api';

export interface LicenceEntry {
  /** `UserLicense.Name`, as Salesforce spells it. */
  name: string;
  fitness: LicenceFitness;
  /** Set where the API capability is recalled rather than confirmed. */
  unconfirmed?: true;
}

export const RUN_AS_LICENCES: readonly LicenceEntry[] = [
  { name: 'Salesforce Integration', fitness: 'integration' },
  { name: 'Salesforce', fitness: 'human' },
  { name: 'Salesforce Platform', fitness: 'human' },
  { name: 'Chatter Free', fitness: 'no-api' },
  { name: 'Chatter External', fitness: 'no-api' },
  // Community and other licences: API capability as recalled from Salesforce's licence
  // descriptions, not checked against an org (UNCONFIRMED).
  { name: 'Chatter Only', fitness: 'no-api', unconfirmed: true },
  { name: 'Customer Community', fitness: 'no-api', unconfirmed: true },
  { name: 'Customer Community Login', fitness: 'no-api', unconfirmed: true },
  { name: 'Guest User License', fitness: 'no-api', unconfirmed: true },
  { name: 'Identity', fitness: 'no-api', unconfirmed: true },
  { name: 'Customer Community Plus', fitness: 'limited', unconfirmed: true },
  { name: 'Customer Community Plus Login', fitness: 'limited', unconfirmed: true },
  { name: 'Partner Community', fitness: 'limited', unconfirmed: true },
  { name: 'Partner Community Login', fitness: 'limited', unconfirmed: true },
];

/** Case-insensitive lookup by licence name. */
export function licenceEntry(name: string): LicenceEntry | undefined {
  const lower = name.trim().toLowerCase();
  return RUN_AS_LICENCES.find((l) => l.name.toLowerCase() === lower);
}

/** The fitness of a licence; undefined when the table does not know it. */
export function licenceFitness(name: string): LicenceFitness | undefined {
  return licenceEntry(name)?.fitness;
}
