// The access graph of an audit: apps → run-as users → permission containers, laid out in three
// fixed columns (sorted by name, so the same report draws the same picture) as inline SVG.
//
// The containers come from `integrations[].containers` (every container a grant of the run-as
// user's effective access comes through) and the findings' `evidence.via` (the paths a checked
// grant reached the user by, whatever the finding's status); a via through a permission set group
// names the group and the set, each a container. A container is the run-as user's, so every app that
// runs as that user is in its blast radius: the apps that break if the container changes.

import type { AuditReport, Severity } from '../../model/finding.js';
import { compare } from '../ci.js';
import { cut, esc, SEVERITY_ORDER } from './shell.js';

export interface GraphNode {
  /** `a0`, `u0`, `c0`: column letter and row. */
  id: string;
  kind: 'app' | 'user' | 'container';
  /** The app's developer name, the username, or `PermissionSet Name`. */
  name: string;
  /** Every node this one reaches or is reached from through the graph's edges, sorted by id. */
  related: string[];
  /** app: its worst failing severity. */
  worst?: Severity;
}

export interface AccessGraph {
  apps: GraphNode[];
  users: GraphNode[];
  containers: GraphNode[];
  /** [from, to]: app → user and user → container. */
  edges: [string, string][];
}

function containerName(type: string, name: string): string {
  return `${type} ${name}`;
}

/** The graph of a report: nodes sorted by name in each column, edges in node order. */
export function accessGraph(report: AuditReport): AccessGraph {
  const userOf = new Map<string, string>();
  for (const integration of report.integrations)
    if (integration.runAsUsername !== null && integration.runAsUsername !== '')
      userOf.set(integration.app, integration.runAsUsername);
  const containersOf = new Map<string, Set<string>>();
  const hold = (user: string, via: { type: string; name: string; group?: string }): void => {
    const held = containersOf.get(user) ?? new Set<string>();
    held.add(containerName(via.type, via.name));
    if (via.group !== undefined && via.group !== '')
      held.add(containerName('PermissionSetGroup', via.group));
    containersOf.set(user, held);
  };
  // Every container the run-as user's access comes through (reports that carry them), then the
  // paths the findings' evidence names.
  for (const integration of report.integrations) {
    const user = userOf.get(integration.app);
    if (user !== undefined) for (const via of integration.containers ?? []) hold(user, via);
  }
  const worst = new Map<string, Severity>();
  for (const finding of report.findings) {
    if (finding.status === 'fail') {
      const before = worst.get(finding.app);
      if (
        before === undefined ||
        SEVERITY_ORDER.indexOf(finding.severity) < SEVERITY_ORDER.indexOf(before)
      )
        worst.set(finding.app, finding.severity);
    }
    const user = userOf.get(finding.app);
    if (user === undefined) continue;
    for (const via of finding.evidence?.via ?? []) hold(user, via);
  }
  const appNames = [...new Set(report.integrations.map((i) => i.app))].sort(compare);
  const userNames = [...new Set(userOf.values())].sort(compare);
  const containerNames = [...new Set([...containersOf.values()].flatMap((s) => [...s]))].sort(
    compare,
  );
  const appId = new Map(appNames.map((name, i) => [name, `a${i}`]));
  const userId = new Map(userNames.map((name, i) => [name, `u${i}`]));
  const containerId = new Map(containerNames.map((name, i) => [name, `c${i}`]));

  const edges: [string, string][] = [];
  for (const app of appNames) {
    const user = userOf.get(app);
    if (user !== undefined) edges.push([id(appId, app), id(userId, user)]);
  }
  for (const user of userNames)
    for (const container of [...(containersOf.get(user) ?? [])].sort(compare))
      edges.push([id(userId, user), id(containerId, container)]);

  const appsOfUser = (user: string): string[] => appNames.filter((a) => userOf.get(a) === user);
  const heldBy = (container: string): string[] =>
    userNames.filter((u) => containersOf.get(u)?.has(container) === true);
  const sorted = (ids: string[]): string[] => [...new Set(ids)].sort(byId);

  return {
    apps: appNames.map((app) => {
      const user = userOf.get(app);
      const held = user === undefined ? [] : [...(containersOf.get(user) ?? [])];
      const worstOf = worst.get(app);
      return {
        id: id(appId, app),
        kind: 'app',
        name: app,
        related: sorted([
          ...(user === undefined ? [] : [id(userId, user)]),
          ...held.map((c) => id(containerId, c)),
        ]),
        ...(worstOf === undefined ? {} : { worst: worstOf }),
      };
    }),
    users: userNames.map((user) => ({
      id: id(userId, user),
      kind: 'user',
      name: user,
      related: sorted([
        ...appsOfUser(user).map((a) => id(appId, a)),
        ...[...(containersOf.get(user) ?? [])].map((c) => id(containerId, c)),
      ]),
    })),
    containers: containerNames.map((container) => {
      const users = heldBy(container);
      return {
        id: id(containerId, container),
        kind: 'container',
        name: container,
        related: sorted([
          ...users.map((u) => id(userId, u)),
          ...users.flatMap(appsOfUser).map((a) => id(appId, a)),
        ]),
      };
    }),
    edges,
  };
}

/** The apps a container's change breaks: the apps whose run-as user holds it, sorted. */
export function blastRadius(graph: AccessGraph, container: string): string[] {
  const node = graph.containers.find((c) => c.name === container);
  if (node === undefined) return [];
  const related = new Set(node.related);
  return graph.apps.filter((a) => related.has(a.id)).map((a) => a.name);
}

function id(ids: Map<string, string>, name: string): string {
  const value = ids.get(name);
  if (value === undefined) throw new Error(`no node for ${name}`);
  return value;
}

/** a < u < c, then by row number. */
function byId(a: string, b: string): number {
  const order = 'auc';
  const column = order.indexOf(a[0] ?? '') - order.indexOf(b[0] ?? '');
  return column !== 0 ? column : Number(a.slice(1)) - Number(b.slice(1));
}

const ROW = 30;
const BOX = 22;
const TOP = 34;
const WIDTH = 1200;
const COLUMNS = {
  app: { x: 8, width: 250, chars: 32, title: 'Apps' },
  user: { x: 360, width: 360, chars: 46, title: 'Run-as users' },
  container: { x: 820, width: 372, chars: 48, title: 'Permission containers' },
} as const;

/** The graph as inline SVG; the script highlights a node's related nodes on hover, focus or click. */
export function renderGraphSvg(graph: AccessGraph): string {
  const columns = [graph.apps, graph.users, graph.containers];
  const rows = Math.max(1, ...columns.map((c) => c.length));
  const height = TOP + rows * ROW + 8;
  const positions = new Map<string, { x: number; y: number; width: number }>();
  for (const column of columns) {
    const offset = TOP + ((rows - column.length) * ROW) / 2;
    column.forEach((node, row) => {
      const { x, width } = COLUMNS[node.kind];
      positions.set(node.id, { x, y: offset + row * ROW, width });
    });
  }
  const edges = graph.edges.map(([from, to]) => {
    const a = positions.get(from);
    const b = positions.get(to);
    if (a === undefined || b === undefined) return '';
    const x1 = a.x + a.width;
    const y1 = a.y + BOX / 2;
    const x2 = b.x;
    const y2 = b.y + BOX / 2;
    const mid = (x1 + x2) / 2;
    return (
      `<path class="edge" data-from="${from}" data-to="${to}" ` +
      `d="M${x1} ${y1} C${mid} ${y1} ${mid} ${y2} ${x2} ${y2}"/>`
    );
  });
  const nodes = columns.flat().map((node) => {
    const at = positions.get(node.id);
    if (at === undefined) return '';
    const { chars } = COLUMNS[node.kind];
    const classes = [
      'node',
      node.kind,
      ...(node.worst === undefined ? [] : [`worst-${esc(node.worst)}`]),
    ];
    const label =
      node.kind === 'app' && node.worst !== undefined ? `${node.name} (${node.worst})` : node.name;
    return (
      `<g class="${classes.join(' ')}" data-id="${node.id}" data-kind="${node.kind}" ` +
      `data-name="${esc(node.name)}" data-related="${node.related.join(' ')}" tabindex="0" ` +
      `role="button" aria-label="${esc(`${node.kind} ${label}`)}">` +
      `<title>${esc(label)}</title>` +
      `<rect x="${at.x}" y="${at.y}" width="${at.width}" height="${BOX}" rx="4"/>` +
      `<text x="${at.x + 6}" y="${at.y + 15}">${esc(cut(label, chars))}</text></g>`
    );
  });
  const titles = Object.values(COLUMNS).map(
    (c) => `<text class="col" x="${c.x}" y="18">${c.title}</text>`,
  );
  return (
    `<svg class="graph" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${height}" ` +
    `role="group" aria-label="Apps, their run-as users and the permission containers they hold">` +
    `${titles.join('')}${edges.join('')}${nodes.join('')}</svg>`
  );
}
