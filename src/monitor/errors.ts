// Errors of monitor's own input (a run that does not exist, runs of two orgs, no run to compare):
// the CLI prints the message and exits 2 (docs/monitor.md).

export class MonitorError extends Error {
  readonly exitCode = 2;
  constructor(message: string) {
    super(message);
    this.name = 'MonitorError';
  }
}
