// npm run bench -- --scale small|medium|enterprise [--seed S] [--apps N] [--fields-per-set M]
//                  [--org DIR] [--json FILE] [--no-build] [--keep]
// Audits a generated org through the emulator (another process) with the real CLI, measures it
// against the request floor, a bare jsforce transfer of the same rows and the two scripts users
// write instead, then the offline paths; prints a table, writes --json FILE, exits 1 when a
// must-be-met target of issue 12 is missed (docs/performance.md, "Benchmark").

import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

import { perAppScript, tableDump } from './baselines.js';
import { auditFacts, floorOf } from './floor.js';
import type { Floor } from './floor.js';
import { generateOrgFixture } from './generate.js';
import { connect } from './jsforce.js';
import { jsonParseMs, oneFileChangeRepo, projectXmlFiles, xmlParseFloorMs } from './offline.js';
import { buildCli, REPO_ENTRY, ROOT, startEmulatorProcess, timedCli } from './proc.js';
import type { EmulatorProcess, TimedRun } from './proc.js';
import { MAX_APPS, SCALES, shapeOf } from './scales.js';
import type { Scale } from './scales.js';
import { benchExitCode, evaluateTargets } from './targets.js';
import type { BenchFigures, OrgRun, Target } from './targets.js';

interface Args {
  scale: Scale;
  seed: number;
  apps?: number;
  fieldsPerSet?: number;
  org?: string;
  json?: string;
  build: boolean;
  keep: boolean;
}

function parse(argv: string[]): Args {
  const { values } = parseArgs({
    args: argv,
    options: {
      scale: { type: 'string', default: 'small' },
      seed: { type: 'string', default: '1' },
      apps: { type: 'string' },
      'fields-per-set': { type: 'string' },
      org: { type: 'string' },
      json: { type: 'string' },
      'no-build': { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const scale = values.scale as Scale;
  if (!SCALES.includes(scale))
    throw new RangeError(`--scale must be one of ${SCALES.join(', ')}, got ${values.scale}`);
  const whole = (name: string, v: string | undefined): number | undefined => {
    if (v === undefined) return undefined;
    if (!/^\d+$/.test(v)) throw new RangeError(`--${name} must be a whole number, got ${v}`);
    return Number(v);
  };
  const apps = whole('apps', values.apps);
  const fieldsPerSet = whole('fields-per-set', values['fields-per-set']);
  return {
    scale,
    seed: whole('seed', values.seed) ?? 1,
    ...(apps === undefined ? {} : { apps }),
    ...(fieldsPerSet === undefined ? {} : { fieldsPerSet }),
    ...(values.org === undefined ? {} : { org: resolve(values.org) }),
    ...(values.json === undefined ? {} : { json: resolve(values.json) }),
    build: !values['no-build'],
    keep: values.keep,
  };
}

const log = (line: string): void => {
  process.stderr.write(`bench: ${line}\n`);
};

/** Runs `fn`, logging its name and wall time. */
async function step<T>(name: string, fn: () => Promise<T>): Promise<T> {
  const started = performance.now();
  log(`${name} ...`);
  const result = await fn();
  log(`${name}: ${Math.round(performance.now() - started)} ms`);
  return result;
}

async function generate(dir: string, args: Args, apps: number): Promise<string> {
  await generateOrgFixture(dir, {
    scale: args.scale,
    seed: args.seed,
    apps,
    ...(args.fieldsPerSet === undefined ? {} : { fieldsPerSet: args.fieldsPerSet }),
  });
  // The baselines send thousands of requests: lift the emulator's daily allowance (15,000).
  const config = join(dir, 'emulator.json');
  const json = JSON.parse(await readFile(config, 'utf8')) as { behaviour?: object };
  const behaviour = { ...json.behaviour, dailyApiRequests: 10_000_000 };
  await writeFile(config, JSON.stringify({ ...json, behaviour }, null, 2));
  return dir;
}

function manifestArgs(org: string): string[] {
  const manifest = join(org, 'runas-guard.yaml');
  return existsSync(manifest) ? ['--manifest', manifest] : [];
}

interface LiveAudit {
  run: TimedRun;
  requests: number;
  logged: number;
  reportBytes: number;
}

/** The real CLI's live audit of the emulator's org, in a child process of its own. */
async function liveAudit(
  entry: string,
  emulator: EmulatorProcess,
  org: string,
  out: string,
  snapshot?: string,
): Promise<LiveAudit> {
  const before = await emulator.settled();
  const run = await timedCli(
    entry,
    [
      'audit',
      '--instance-url',
      emulator.instanceUrl,
      ...manifestArgs(org),
      '--format',
      'json',
      '--output',
      out,
      ...(snapshot === undefined ? [] : ['--save-snapshot', snapshot]),
    ],
    { SF_ACCESS_TOKEN: emulator.accessToken },
  );
  const logged = (await emulator.settled()) - before;
  if (run.code !== 0 && run.code !== 1)
    log(`audit exited ${run.code}: ${run.stderr.trim().split('\n').slice(-5).join(' | ')}`);
  let requests = logged;
  let reportBytes = 0;
  if (existsSync(out)) {
    reportBytes = (await stat(out)).size;
    const report = JSON.parse(await readFile(out, 'utf8')) as {
      collection?: { apiRequests?: number };
    };
    requests = report.collection?.apiRequests ?? logged;
  }
  if (requests !== logged)
    log(`the report says ${requests} requests, the emulator logged ${logged}`);
  return { run, requests, logged, reportBytes };
}

/** Requests the emulator logged and the wall time of `fn`. */
async function counted(
  emulator: EmulatorProcess,
  fn: () => Promise<unknown>,
): Promise<{ requests: number; wallMs: number }> {
  const before = await emulator.settled();
  const started = performance.now();
  await fn();
  const wallMs = Math.round(performance.now() - started);
  return { requests: (await emulator.settled()) - before, wallMs };
}

function commitOf(): string {
  try {
    const head = execFileSync('git', ['-C', ROOT, 'rev-parse', '--short', 'HEAD'], {
      encoding: 'utf8',
    }).trim();
    const dirty = execFileSync('git', ['-C', ROOT, 'status', '--porcelain', '--', 'src'], {
      encoding: 'utf8',
    }).trim();
    return dirty === '' ? head : `${head}+uncommitted src changes`;
  } catch {
    return 'unknown';
  }
}

function table(figures: BenchFigures, targets: readonly Target[], floor: Floor): string {
  const { live, offline } = figures;
  const n = (x: number | null): string =>
    x === null ? '-' : Math.round(x).toLocaleString('en-US');
  const rows: [string, string][] = [
    ['scale', figures.scale],
    ['live.requests', n(live.requests)],
    ['live.floor', n(live.floor)],
    ['live.apps', n(live.apps)],
    ['live.requestsDoubledApps', n(live.requestsDoubledApps)],
    ['live.floorDoubledApps', n(live.floorDoubledApps)],
    [
      'live.secondOrg',
      live.secondOrg === null
        ? '-'
        : `${live.secondOrg.apps} apps: ${live.secondOrg.requests} requests, floor ${live.secondOrg.floor}, ${live.secondOrg.peakRssMb} MB, exit ${live.secondOrg.exitCode}`,
    ],
    ['live.wallMs', n(live.wallMs)],
    ['live.transferMs', n(live.transferMs)],
    ['live.peakRssMb', n(live.peakRssMb)],
    ['live.saveSnapshotPeakRssMb', n(live.saveSnapshotPeakRssMb)],
    ['live.exitCode', String(live.exitCode)],
    ['live.perAppScript.requests', n(live.perAppScript.requests)],
    ['live.perAppScript.wallMs', n(live.perAppScript.wallMs)],
    ['live.tableDump.requests', n(live.tableDump.requests)],
    ['live.tableDump.wallMs', n(live.tableDump.wallMs)],
    ['offline.auditMs', n(offline.auditMs)],
    ['offline.parseFloorMs', n(offline.parseFloorMs)],
    ['offline.snapshotAuditMs', n(offline.snapshotAuditMs)],
    ['offline.snapshotParseMs', n(offline.snapshotParseMs)],
    ['offline.preflightOneFileMs', n(offline.preflightOneFileMs)],
    ['report.jsonBytes', n(figures.report.jsonBytes)],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  const lines = rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`);
  lines.push('', 'floor by request:');
  for (const [name, count] of Object.entries(floor.parts)) lines.push(`  ${name}: ${count}`);
  lines.push('', 'targets:');
  for (const t of targets) {
    const verdict = t.met === null ? 'not measured' : t.met ? 'met' : 'MISSED';
    const bound = t.id === 'vs-table-dump' || t.id === 'vs-per-app-script' ? '>=' : '<=';
    lines.push(
      `  ${t.mustMeet ? 'must' : 'may '}  ${verdict.padEnd(12)} ${t.description}: ${t.value ?? '-'} (${bound} ${t.limit})`,
    );
  }
  return `${lines.join('\n')}\n`;
}

async function main(): Promise<number> {
  const args = parse(process.argv.slice(2));
  const started = performance.now();
  const work = await mkdtemp(join(tmpdir(), `runas-bench-${args.scale}-`));
  const entry = args.build ? await step('build', buildCli) : REPO_ENTRY;
  const apps = args.apps ?? shapeOf({ scale: args.scale }).apps;
  try {
    const org =
      args.org ??
      (await step(`generate ${args.scale} (${apps} apps)`, () =>
        generate(join(work, 'org'), args, apps),
      ));

    // -- live: the audit, the floor with the transfer, the two baselines, on one emulator
    const emulator = await step('emulator load', () => startEmulatorProcess(entry, org));
    const snapshot = join(work, 'snapshot.json');
    let audit: LiveAudit;
    let saved: LiveAudit;
    let facts: Awaited<ReturnType<typeof auditFacts>>;
    let transferMs: number;
    let dump: { requests: number; wallMs: number };
    let perApp: { requests: number; wallMs: number };
    let emulatorRss: number | undefined;
    try {
      audit = await step('live audit', () =>
        liveAudit(entry, emulator, org, join(work, 'report.json')),
      );
      saved = await step('live audit --save-snapshot', () =>
        liveAudit(entry, emulator, org, join(work, 'report-saved.json'), snapshot),
      );
      const conn = connect(emulator.instanceUrl, emulator.accessToken);
      const t0 = performance.now();
      facts = await step('transfer (bare jsforce, the floor rows)', () => auditFacts(conn));
      transferMs = Math.round(performance.now() - t0);
      dump = await step('tableDump', () => counted(emulator, () => tableDump(conn, facts)));
      perApp = await step('perAppScript', () => counted(emulator, () => perAppScript(conn)));
      emulatorRss = await emulator.rssMb();
    } finally {
      await emulator.stop();
    }
    const floor = floorOf(facts);

    // -- the same org with twice the apps, or half when twice is over the generator's limit
    let second: OrgRun | null = null;
    if (args.org === undefined) {
      const other = apps * 2 <= MAX_APPS ? apps * 2 : Math.max(1, Math.floor(apps / 2));
      const dir = await step(`generate ${args.scale} (${other} apps)`, () =>
        generate(join(work, 'org-second'), args, other),
      );
      const emu2 = await step(`emulator load (${other} apps)`, () =>
        startEmulatorProcess(entry, dir),
      );
      try {
        const a = await step(`live audit (${other} apps)`, () =>
          liveAudit(entry, emu2, dir, join(work, 'report-second.json')),
        );
        const f = await step(`floor (${other} apps)`, () =>
          auditFacts(connect(emu2.instanceUrl, emu2.accessToken)),
        );
        second = {
          apps: other,
          requests: a.requests,
          floor: floorOf(f).total,
          peakRssMb: a.run.peakRssMb,
          exitCode: a.run.code,
        };
      } finally {
        await emu2.stop();
      }
      await rm(dir, { recursive: true, force: true });
    }

    // -- offline
    const manifest = manifestArgs(org);
    const out = (name: string): string[] => ['--format', 'json', '--output', join(work, name)];
    const project = await step('audit --project', () =>
      timedCli(entry, ['audit', '--project', org, ...manifest, ...out('project.json')]),
    );
    const fromSnapshot = await step('audit --snapshot', () =>
      timedCli(entry, [
        'audit',
        '--snapshot',
        snapshot,
        ...manifest,
        ...out('snapshot-report.json'),
      ]),
    );
    const snapshotParseMs = await jsonParseMs(snapshot);
    const files = await projectXmlFiles(org);
    const parseFloorMs = await step(`fast-xml-parser over ${files.length} files`, () =>
      xmlParseFloorMs(files),
    );
    const { repo } = await step('git repository of a one-file change', () =>
      oneFileChangeRepo(org),
    );
    const preflight = await step('preflight of a one-file change', () =>
      timedCli(entry, [
        'preflight',
        '--project',
        repo,
        '--base',
        'HEAD~1',
        '--head',
        'HEAD',
        ...manifest,
        '--allow-incomplete',
        ...out('preflight.json'),
      ]),
    );
    await rm(repo, { recursive: true, force: true });
    for (const [name, run] of [
      ['audit --project', project],
      ['audit --snapshot', fromSnapshot],
      ['preflight', preflight],
    ] as const)
      if (run.code !== 0 && run.code !== 1)
        log(`${name} exited ${run.code}: ${run.stderr.trim().split('\n').slice(-3).join(' | ')}`);

    const figures: BenchFigures = {
      scale: args.scale,
      live: {
        apps,
        requests: audit.requests,
        floor: floor.total,
        requestsDoubledApps:
          second === null ? null : second.apps > apps ? second.requests : audit.requests,
        floorDoubledApps: second === null ? null : second.apps > apps ? second.floor : floor.total,
        secondOrg: second,
        wallMs: Math.round(audit.run.wallMs),
        transferMs,
        peakRssMb: audit.run.peakRssMb,
        saveSnapshotPeakRssMb: saved.run.peakRssMb,
        exitCode: audit.run.code,
        perAppScript: perApp,
        tableDump: dump,
      },
      offline: {
        auditMs: Math.round(project.wallMs),
        snapshotAuditMs: Math.round(fromSnapshot.wallMs),
        snapshotParseMs: Math.round(snapshotParseMs),
        parseFloorMs: Math.round(parseFloorMs),
        preflightOneFileMs: Math.round(preflight.wallMs),
      },
      report: { jsonBytes: audit.reportBytes },
    };
    const targets = evaluateTargets(figures);
    process.stdout.write(table(figures, targets, floor));
    const meta = {
      date: new Date().toISOString(),
      commit: commitOf(),
      node: process.version,
      cpus: cpus().length,
      seed: args.seed,
      apps,
      benchMs: Math.round(performance.now() - started),
      emulatorLoadMs: Math.round(emulator.loadMs),
      emulatorPeakRssMb: emulatorRss ?? null,
      floorParts: floor.parts,
    };
    process.stdout.write(`total ${Math.round(meta.benchMs / 1000)} s, commit ${meta.commit}\n`);
    if (args.json !== undefined)
      await writeFile(args.json, `${JSON.stringify({ ...figures, targets, meta }, null, 2)}\n`);
    return benchExitCode(targets);
  } finally {
    if (!args.keep) await rm(work, { recursive: true, force: true });
    else log(`kept ${work}`);
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);
