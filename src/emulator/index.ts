// The emulator as a library: integration teams can run their callback's token request and
// read-only follow-on calls against a local org that fails the way a real one does.
export { createEmulator, type Emulator, type EmulatorOptions } from './app.js';
export { startEmulator, type RunningEmulator, type ServeOptions } from './server.js';
export { FaultRuleSchema, loadFaultFile, parseFaultRules, type FaultRule } from './faults.js';
export type { RequestLogEntry } from './state.js';
