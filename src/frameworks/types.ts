// The shape of a framework data file: the controls our rules may map to, with their official titles.

export interface FrameworkControl {
  /** Exactly as the framework writes it (`NHI5`, `PR.AA-05`, `SBS-ACS-008`). */
  id: string;
  /** Official title or wording. */
  title: string;
  url?: string;
  /** Set when the title could not be verified against the framework's own text. */
  unverified?: string;
}

export interface Framework {
  /** Key under a rule's `frameworks` and in reports. */
  id: string;
  name: string;
  version: string;
  url: string;
  /** Where the titles were taken from. */
  source: string;
  /** How controls are written for display (`NHI5` → `NHI5:2025`). */
  display?: (controlId: string) => string;
  controls: readonly FrameworkControl[];
}
