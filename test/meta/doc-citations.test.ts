// Every document the code, the docs and the demo cite is in this repository (a user's clone has
// nothing else): no citation of the team's working notes, no `docs/...` path that does not exist, a
// section number cited in docs/salesforce-behaviour.md or docs/architecture.md exists there, and
// every relative Markdown link reaches a file and heading that exist.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';

import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const SCANNED = ['src', 'scripts', 'test', 'docs', 'demo', 'README.md'];
const TEXT = /\.(ts|js|mjs|cjs|md|json|ya?ml|xml|txt|sh)$/;

// The working notes' names, built from parts so this file does not cite them itself.
const NOTES = ['SPEC', 'SALESFORCE-FACTS', 'STYLE', 'RULES', 'REAL-CLIENTS'].map((n) => `${n}.md`);
const NOTE_PATTERN = new RegExp(
  `(?<![\\w-])(${NOTES.map((n) => n.replace(/[.-]/g, '\\$&')).join('|')})(?![\\w-])|\\.\\./shared\\b`,
  'g',
);
/** A repository path under docs/ (not a URL's `/docs/` segment). */
const DOCS_PATH = /(?<![\w./-])docs\/[\w./-]*/g;
/** A numbered section of one of our own documents: `docs/architecture.md 4.3`, `... sections 1.6 and 3`. */
const SECTION_CITATION =
  /(?<![\w./-])docs\/(salesforce-behaviour|architecture)\.md(?:#([\w-]+)|,? (?:sections? |§)?(\d+(?:\.\d+)?)((?:(?:,| and|, and) \d+(?:\.\d+)?)*))?/g;

function textFiles(path: string): string[] {
  const full = join(ROOT, path);
  if (!existsSync(full)) return [];
  if (statSync(full).isFile()) return TEXT.test(path) ? [path] : [];
  return readdirSync(full, { withFileTypes: true }).flatMap((entry) =>
    entry.name === 'node_modules' ? [] : textFiles(join(path, entry.name)),
  );
}

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\w\s-]/g, '')
    .replace(/\s/g, '-');
}

interface Sections {
  numbers: Set<string>;
  anchors: Set<string>;
}

function sectionsOf(markdown: string): Sections {
  const numbers = new Set<string>();
  const anchors = new Set<string>();
  for (const match of markdown.matchAll(/^#{1,6} (.+)$/gm)) {
    const heading = match[1] ?? '';
    anchors.add(slug(heading));
    const number = /^(\d+(?:\.\d+)?)\.? /.exec(heading)?.[1];
    if (number !== undefined) numbers.add(number);
  }
  for (const match of markdown.matchAll(/<a id="([\w-]+)"><\/a>/g)) anchors.add(match[1] ?? '');
  // Numbered items of a list section count too (docs/architecture.md 4.3 is principle 3 of section 4).
  let section: string | undefined;
  for (const line of markdown.split('\n')) {
    const heading = /^## (\d+)\. /.exec(line)?.[1];
    if (heading !== undefined) section = heading;
    else if (line.startsWith('#')) section = undefined;
    const item = /^(?:- \*\*\d+\.(\d+) |(\d+)\. )/.exec(line);
    if (section !== undefined && item !== null) numbers.add(`${section}.${item[1] ?? item[2]}`);
  }
  return { numbers, anchors };
}

/** The problems of one file's text: each a short line naming what it cites. */
function citationProblems(
  text: string,
  exists: (docsPath: string) => boolean,
  sections: (doc: string) => Sections,
): string[] {
  const problems: string[] = [];
  const line = (index: number): number => text.slice(0, index).split('\n').length;
  for (const match of text.matchAll(NOTE_PATTERN)) {
    problems.push(`line ${line(match.index)}: cites ${match[0]}, which is not in the repository`);
  }
  for (const match of text.matchAll(DOCS_PATH)) {
    const path = match[0].replace(/[.,:;)]+$/, '');
    // Placeholders of generated paths (`docs/rules/RG-NNNN.md`, `docs/adr/000N-...md`) are not citations.
    if (/NNNN|000N|\.\.\./.test(path)) continue;
    if (!exists(path))
      problems.push(`line ${line(match.index)}: cites ${path}, which does not exist`);
  }
  for (const match of text.matchAll(SECTION_CITATION)) {
    const doc = `docs/${match[1] ?? ''}.md`;
    const { numbers, anchors } = sections(doc);
    const anchor = match[2];
    if (anchor !== undefined && !anchors.has(anchor)) {
      problems.push(`line ${line(match.index)}: cites ${doc}#${anchor}, which has no such heading`);
    }
    const cited = [match[3], ...(match[4] ?? '').split(/,? and |, /).map((s) => s.trim())];
    for (const number of cited) {
      if (number === undefined || number === '') continue;
      if (!numbers.has(number)) {
        problems.push(
          `line ${line(match.index)}: cites ${doc} ${number}, which has no such section`,
        );
      }
    }
  }
  return problems;
}

/** Relative links of a Markdown file (`[text](target)`) whose file or heading does not exist. */
function brokenLinks(file: string, text: string): string[] {
  const problems: string[] = [];
  for (const match of text.matchAll(/\]\(([^)\s]+)\)/g)) {
    const target = match[1] ?? '';
    if (/^[a-z][a-z+.-]*:/i.test(target)) continue; // a URL
    const [path = '', anchor] = target.split('#');
    const resolved = path === '' ? file : join(dirname(file), path);
    const line = text.slice(0, match.index).split('\n').length;
    if (!existsSync(join(ROOT, resolved))) {
      problems.push(`line ${line}: links to ${target}, which does not exist`);
    } else if (anchor !== undefined && resolved.endsWith('.md')) {
      const { anchors } = sectionsOf(readFileSync(join(ROOT, resolved), 'utf8'));
      if (!anchors.has(anchor))
        problems.push(`line ${line}: links to ${target}, which has no such heading`);
    }
  }
  return problems;
}

const sectionCache = new Map<string, Sections>();
function repositorySections(doc: string): Sections {
  let sections = sectionCache.get(doc);
  if (sections === undefined) {
    const full = join(ROOT, doc);
    sections = existsSync(full)
      ? sectionsOf(readFileSync(full, 'utf8'))
      : { numbers: new Set(), anchors: new Set() };
    sectionCache.set(doc, sections);
  }
  return sections;
}

const repositoryExists = (path: string): boolean => existsSync(join(ROOT, path));

describe('the citation check', () => {
  const docs = new Map([
    ['docs/salesforce-behaviour.md', sectionsOf('## 1. Flow\n\n### 1.7 Order of the checks\n')],
    ['docs/architecture.md', sectionsOf('## 4. Principles\n\n1. **One.**\n2. **Two.**\n')],
  ]);
  const problemsOf = (text: string): string[] =>
    citationProblems(
      text,
      (path) => ['docs/', 'docs/emulator.md', 'docs/adr/', ...docs.keys()].includes(path),
      (doc) => docs.get(doc) ?? { numbers: new Set(), anchors: new Set() },
    );

  it('flags a working note by name', () => {
    expect(problemsOf(`// see ${NOTES[0] ?? ''} section 3`)).toEqual([
      `line 1: cites ${NOTES[0] ?? ''}, which is not in the repository`,
    ]);
    expect(problemsOf(`// (${NOTES[1] ?? ''} 1.5)`)).toHaveLength(1);
    expect(problemsOf('// see ../shared for the notes')).toHaveLength(1);
  });

  it('accepts the rule pages and the ADRs', () => {
    expect(problemsOf('// docs/adr/ and docs/emulator.md; docs/rules/RG-NNNN.md')).toEqual([]);
    expect(
      problemsOf('// https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/'),
    ).toEqual([]);
  });

  it('flags a docs path that does not exist', () => {
    expect(problemsOf('// docs/emulater.md says so.')).toEqual([
      'line 1: cites docs/emulater.md, which does not exist',
    ]);
  });

  it('flags a section that does not exist, and accepts one that does', () => {
    expect(problemsOf('// (docs/salesforce-behaviour.md 1.7)')).toEqual([]);
    expect(problemsOf('// docs/salesforce-behaviour.md#17-order-of-the-checks')).toEqual([]);
    expect(problemsOf('// docs/architecture.md 4.2, docs/architecture.md section 4')).toEqual([]);
    expect(problemsOf('// (docs/salesforce-behaviour.md 1.8)')).toEqual([
      'line 1: cites docs/salesforce-behaviour.md 1.8, which has no such section',
    ]);
    expect(problemsOf('// docs/salesforce-behaviour.md sections 1.7 and 2.4')).toEqual([
      'line 1: cites docs/salesforce-behaviour.md 2.4, which has no such section',
    ]);
    expect(problemsOf('// docs/salesforce-behaviour.md#order')).toEqual([
      'line 1: cites docs/salesforce-behaviour.md#order, which has no such heading',
    ]);
  });
});

describe('the link check', () => {
  it('flags a relative link to a missing file or heading, and accepts good ones', () => {
    expect(brokenLinks('docs/x.md', '[a](emulator.md) [b](https://example.com/nope.md)')).toEqual(
      [],
    );
    expect(
      brokenLinks(
        'docs/x.md',
        '[a](salesforce-behaviour.md#17-order-of-the-token-endpoints-checks)',
      ),
    ).toEqual([]);
    expect(brokenLinks('docs/x.md', '\n[a](emulater.md)')).toEqual([
      'line 2: links to emulater.md, which does not exist',
    ]);
    expect(brokenLinks('docs/x.md', '[a](emulator.md#no-such-heading)')).toEqual([
      'line 1: links to emulator.md#no-such-heading, which has no such heading',
    ]);
  });
});

describe('citations in the repository', () => {
  // This file's own cases cite missing paths on purpose.
  const files = SCANNED.flatMap(textFiles).filter(
    (file) => file.split(sep).join('/') !== 'test/meta/doc-citations.test.ts',
  );

  it('finds the files', () => {
    expect(files.length).toBeGreaterThan(100);
  });

  it('cite only documents of this repository, by paths and sections that exist', () => {
    const problems = files.flatMap((file) =>
      citationProblems(
        readFileSync(join(ROOT, file), 'utf8'),
        repositoryExists,
        repositorySections,
      ).map((problem) => `${relative(ROOT, join(ROOT, file)).split(sep).join('/')}: ${problem}`),
    );
    expect(problems).toEqual([]);
  });

  it('link, in Markdown, only to files and headings that exist', () => {
    const problems = files
      .filter((file) => file.endsWith('.md'))
      .flatMap((file) =>
        brokenLinks(file, readFileSync(join(ROOT, file), 'utf8')).map(
          (problem) => `${file.split(sep).join('/')}: ${problem}`,
        ),
      );
    expect(problems).toEqual([]);
  });
});
