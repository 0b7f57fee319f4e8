// The one error a manifest raises (docs/architecture.md 5: errors are data). Its message lists every
// problem as `file:line: path: message`, so the CLI prints it as is and exits 2 (docs/architecture.md 5).

export interface ManifestIssue {
  /** The manifest file as the user named it. */
  file: string;
  /** 1-based; undefined when the problem is the file itself (unreadable, too large). */
  line?: number | undefined;
  /** `integrations[2].needs.objects.Account`; empty for problems of the whole file. */
  path: string;
  message: string;
}

export class ManifestError extends Error {
  override readonly name = 'ManifestError';
  readonly code = 'CONFIG_INVALID';
  readonly issues: readonly ManifestIssue[];

  constructor(issues: readonly ManifestIssue[], options?: { cause?: unknown }) {
    const first = issues[0];
    const head =
      issues.length === 1 && first !== undefined
        ? `invalid manifest ${first.file}`
        : `invalid manifest ${first?.file ?? ''}: ${issues.length} problems`;
    super(`${head}\n${issues.map(formatIssue).join('\n')}`, options);
    this.issues = issues;
  }
}

export function formatIssue(issue: ManifestIssue): string {
  const where = issue.line === undefined ? issue.file : `${issue.file}:${issue.line}`;
  return issue.path === ''
    ? `${where}: ${issue.message}`
    : `${where}: ${issue.path}: ${issue.message}`;
}
