// A git repository a test builds around a copy of an SFDX project (preflight's input): its own HOME
// and no system or global git config, so the machine's git settings never leak in; one branch per
// change, each off `main` unless said otherwise. The Northwind changes several preflight tests share
// are here too, so each test names a change instead of rewriting its XML.

import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

import { tempDir } from './guard.js';

export interface GitProject {
  repo: string;
  /** The project directory inside the repository (`<repo>/northwind`). */
  project: string;
  /** The environment for git and for the CLI under test: HOME and the git config isolated. */
  env: NodeJS.ProcessEnv;
  /** Runs git in `cwd` (default the repository) and returns its stdout. */
  git(args: readonly string[], cwd?: string): string;
  /** A branch off `from` whose one commit rewrites `file` of the project ('' when it is new). */
  branch(name: string, file: string, edit: (text: string) => string, from?: string): void;
}

/** Copies `entries` of the project at `source` into `<repo>/northwind` and commits them on main. */
export function gitProject(source: string, entries: readonly string[], prefix: string): GitProject {
  const home = tempDir(`${prefix}-home-`);
  const repo = join(tempDir(`${prefix}-`), 'repo');
  const project = join(repo, 'northwind');
  const env: NodeJS.ProcessEnv = {
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: join(home, '.gitconfig'),
    HOME: home,
  };
  const git = (args: readonly string[], cwd = repo): string =>
    execFileSync('git', args, { cwd, env: { ...process.env, ...env }, encoding: 'utf8' });

  mkdirSync(project, { recursive: true });
  git(['init', '-q', '-b', 'main']);
  git(['config', 'user.name', 'Preflight Test']);
  git(['config', 'user.email', 'preflight@example.com']);
  for (const entry of entries)
    cpSync(join(source, entry), join(project, entry), { recursive: true });
  git(['add', '.']);
  git(['commit', '-q', '-m', 'base']);

  const branch = (name: string, file: string, edit: (text: string) => string, from = 'main') => {
    git(['checkout', '-q', '-b', name, from]);
    const path = join(project, file);
    let before = '';
    try {
      before = readFileSync(path, 'utf8');
    } catch {
      mkdirSync(dirname(path), { recursive: true });
    }
    const after = edit(before);
    if (after === before) throw new Error(`branch ${name} does not change ${file}`);
    writeFileSync(path, after);
    git(['add', '--', path]);
    git(['commit', '-q', '-m', name]);
    git(['checkout', '-q', 'main']);
  };
  return { repo, project, env, git, branch };
}

const SETS = 'force-app/main/default/permissionsets';

export const NORTHWIND_FILES = {
  SETS,
  /** Storefront_Orders' run-as user's set: its only grant of Order edit. */
  STOREFRONT: `${SETS}/Storefront_Orders_Integration.permissionset-meta.xml`,
  /** A session-based set no run-as user holds. */
  UNHELD: `${SETS}/Price_Book_Override.permissionset-meta.xml`,
  MUTING:
    'force-app/main/default/mutingpermissionsets/Supplier_Catalog_Access_Muting.mutingpermissionset-meta.xml',
  LEDGER: 'force-app/main/default/connectedApps/Ledger_Export.connectedApp-meta.xml',
} as const;

const { STOREFRONT, UNHELD, MUTING, LEDGER } = NORTHWIND_FILES;

/** Changes of the Northwind project, by branch name: the file and its rewrite. */
export const NORTHWIND_CHANGES = {
  // Storefront_Orders declares Order: [read, create, edit]; its only grant of Order edit goes.
  'drop-edit': {
    file: STOREFRONT,
    edit: (t: string) =>
      t.replace(/(<allowEdit>)true(<\/allowEdit>[\s\S]*?<object>Order<\/object>)/, '$1false$2'),
  },
  // A set no run-as user holds gets a new label.
  relabel: {
    file: UNHELD,
    edit: (t: string) =>
      t.replace('<label>Price Book Override</label>', '<label>Price Book Override (EMEA)</label>'),
  },
  'view-all': {
    file: STOREFRONT,
    edit: (t: string) =>
      t.replace(
        '    <userPermissions>\n        <enabled>true</enabled>\n        <name>ApiUserOnly</name>',
        '    <userPermissions>\n        <enabled>true</enabled>\n        <name>ViewAllData</name>\n    </userPermissions>\n    <userPermissions>\n        <enabled>true</enabled>\n        <name>ApiUserOnly</name>',
      ),
  },
  // The supplier group's muting set mutes a field edit supplier-catalog declares.
  'mute-description': {
    file: MUTING,
    edit: (t: string) =>
      t.replace(
        '    <label>',
        '    <fieldPermissions>\n        <editable>true</editable>\n        <field>Product2.Description</field>\n        <readable>false</readable>\n    </fieldPermissions>\n    <label>',
      ),
  },
  'ip-relax': {
    file: LEDGER,
    edit: (t: string) =>
      t.replace('<ipRelaxation>ENFORCE</ipRelaxation>', '<ipRelaxation>BYPASS</ipRelaxation>'),
  },
  // Ledger_Export is moved to the storefront's run-as user.
  'run-as': {
    file: LEDGER,
    edit: (t: string) =>
      t.replace(
        'ledger.integration@northwindtraders.com</oauthClientCredentialUser>',
        'storefront.integration@northwindtraders.com</oauthClientCredentialUser>',
      ),
  },
} as const;

export type NorthwindChange = keyof typeof NORTHWIND_CHANGES;

/** Branches named after the given Northwind changes. */
export function branchChanges(project: GitProject, names: readonly NorthwindChange[]): void {
  for (const name of names)
    project.branch(name, NORTHWIND_CHANGES[name].file, NORTHWIND_CHANGES[name].edit);
}
