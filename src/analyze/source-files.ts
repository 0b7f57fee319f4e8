// Project files that hold a secret (RG-0026), grouped per file: shared by the rule, which reports
// them, and the engine, which must name the same resources when the rule cannot run.

import type { OrgSnapshot, SourceSecret } from '../model/snapshot.js';

export interface SecretFile {
  /** Path relative to the project root. */
  file: string;
  /** The app whose metadata the file is, else the project's name (a key file belongs to no app). */
  app: string;
  /** Sorted by line. */
  secrets: SourceSecret[];
}

/** What a finding about a file of no app names as its app. */
export function projectLabel(snapshot: Pick<OrgSnapshot, 'project' | 'org'>): string {
  return snapshot.project?.name ?? snapshot.org?.name ?? 'project';
}

/** One entry per file with a secret, sorted by path; one finding per file keeps fingerprints stable as lines move. */
export function secretFiles(
  snapshot: Pick<OrgSnapshot, 'sourceSecrets' | 'project' | 'org'>,
): SecretFile[] {
  const byFile = new Map<string, SourceSecret[]>();
  for (const secret of snapshot.sourceSecrets ?? [])
    byFile.set(secret.file, [...(byFile.get(secret.file) ?? []), secret]);
  return [...byFile.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([file, secrets]) => {
      const sorted = [...secrets].sort((a, b) => a.line - b.line || compare(a.kind, b.kind));
      const app = sorted.find((s) => s.app !== undefined && s.app !== '')?.app;
      return { file, app: app ?? projectLabel(snapshot), secrets: sorted };
    });
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
