// The files `suggest` writes, in source format (docs/suggest.md): the permission set, and the app's
// policy file with the set pre-authorized. XML is built by fast-xml-parser, which escapes every value;
// an existing policy file is changed in place through its parsed tree (order and comments kept).
// Pure: text in, text out.

import { XMLBuilder, XMLParser } from 'fast-xml-parser';

import { parseMetadataXml } from '../metadata/xml.js';
import type { ClientApp } from '../model/org.js';
import type { PermissionSetDef } from '../model/permissions.js';

export const METADATA_NAMESPACE = 'http://soap.sforce.com/2006/04/metadata';

export interface SuggestedFile {
  /** Path under the output directory, `/`-separated. */
  path: string;
  text: string;
  /** `created`: new; `updated`: the project's file with the set added; `rebuilt`: from collected facts. */
  origin: 'created' | 'updated' | 'rebuilt';
  /** The project file it updates (relative to the project), for `updated`. */
  from?: string;
}

/** An existing policy file of the app, read from the project. */
export interface PolicySource {
  /** Relative to the project, `/`-separated. */
  file: string;
  text: string;
}

// fast-xml-builder is not a dependency of ours (docs/adr/0011-production-dependencies.md): the builder
// bundled with fast-xml-parser, deprecated there in its favour, is the same code.
// eslint-disable-next-line @typescript-eslint/no-deprecated
const builder = new XMLBuilder({
  format: true,
  indentBy: '    ',
  ignoreAttributes: false,
  suppressEmptyNode: false,
  processEntities: true,
});

function document(root: string, content: Record<string, unknown>): string {
  return builder.build({
    '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
    [root]: { '@_xmlns': METADATA_NAMESPACE, ...(xmlSafe(content) as Record<string, unknown>) },
  });
}

/**
 * Values as XML 1.0 can carry them: the builder escapes markup, but characters XML cannot hold at
 * all (C0 controls but tab and newlines, lone surrogates, U+FFFE/U+FFFF; org strings may have any)
 * become `?`.
 */
function xmlSafe(value: unknown): unknown {
  if (typeof value === 'string')
    return value.replace(
      // eslint-disable-next-line no-control-regex -- matching control characters is the point
      /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g,
      '?',
    );
  if (Array.isArray(value)) return value.map(xmlSafe);
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, xmlSafe(v)]));
  return value;
}

const bool = (value: boolean): string => (value ? 'true' : 'false');

/** `permissionsets/<Name>.permissionset-meta.xml`, elements in the order Salesforce retrieves them. */
export function permissionSetFile(set: Omit<PermissionSetDef, 'location'>): SuggestedFile {
  const content: Record<string, unknown> = {};
  if (set.description !== undefined) content.description = set.description;
  content.fieldPermissions = Object.entries(set.fieldPermissions).map(([field, p]) => ({
    editable: bool(p.editable),
    field,
    readable: bool(p.readable),
  }));
  content.hasActivationRequired = bool(set.hasActivationRequired);
  content.label = set.label;
  if (set.license !== undefined) content.license = set.license;
  content.objectPermissions = Object.entries(set.objectPermissions).map(([object, p]) => ({
    allowCreate: bool(p.allowCreate),
    allowDelete: bool(p.allowDelete),
    allowEdit: bool(p.allowEdit),
    allowRead: bool(p.allowRead),
    modifyAllRecords: bool(p.modifyAllRecords),
    object,
    viewAllRecords: bool(p.viewAllRecords),
  }));
  content.userPermissions = set.userPermissions.map((name) => ({ enabled: 'true', name }));
  return {
    path: `permissionsets/${set.name}.permissionset-meta.xml`,
    text: document('PermissionSet', content),
    origin: 'created',
  };
}

/** Where the app's pre-authorization lives, under a package directory. */
export function policyPathOf(app: Pick<ClientApp, 'type' | 'name'>, existing?: string): string {
  if (app.type === 'ConnectedApp') return `connectedApps/${app.name}.connectedApp-meta.xml`;
  const base = existing
    ?.split('/')
    .at(-1)
    ?.replace(/\.ecaOauthPlcy$/, '.ecaOauthPlcy-meta.xml');
  return `extlClntAppOauthPolicies/${base ?? `${app.name}_oauthPlcy.ecaOauthPlcy-meta.xml`}`;
}

/**
 * The app's policy file with `setName` pre-authorized: the project's file updated when there is
 * one, else rebuilt from what the source collected about the app (a live org or a snapshot keeps
 * no metadata file; the rebuilt file says so in a comment and the report says what to merge).
 */
export function policyFile(app: ClientApp, setName: string, source?: PolicySource): SuggestedFile {
  const path = policyPathOf(app, source?.file);
  if (source !== undefined)
    return {
      path,
      text: addPreAuthorized(app, setName, source),
      origin: 'updated',
      from: source.file,
    };
  return { path, text: rebuiltPolicy(app, setName), origin: 'rebuilt' };
}

type OrderedNode = Record<string, unknown>;

const orderedParser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  commentPropName: '#comment',
  // Values stay as written (entities included) and are written back unchanged.
  processEntities: false,
  htmlEntities: false,
  parseTagValue: false,
  trimValues: true,
});

// eslint-disable-next-line @typescript-eslint/no-deprecated
const orderedBuilder = new XMLBuilder({
  preserveOrder: true,
  format: true,
  indentBy: '    ',
  ignoreAttributes: false,
  commentPropName: '#comment',
  processEntities: false,
  suppressEmptyNode: false,
});

/** Adds the set to the file's pre-authorized permission sets, unless it is there already. */
function addPreAuthorized(app: ClientApp, setName: string, source: PolicySource): string {
  // The reader's checks first (no DTD, well-formed, size): the tree below is then the file's own.
  parseMetadataXml(source.text, source.file);
  const tree = orderedParser.parse(source.text) as OrderedNode[];
  const rootName =
    app.type === 'ConnectedApp' ? 'ConnectedApp' : 'ExtlClntAppOauthConfigurablePolicies';
  const root = tree.find((n) => rootName in n);
  const children = root?.[rootName];
  if (!Array.isArray(children))
    throw new Error(`${source.file}: no <${rootName}> root element to pre-authorize ${setName} in`);
  const nodes = children as OrderedNode[];
  const textOf = (node: OrderedNode, tag: string): string => {
    const inner = node[tag];
    if (!Array.isArray(inner)) return '';
    const first = inner[0] as OrderedNode | undefined;
    return typeof first?.['#text'] === 'string' ? first['#text'] : '';
  };
  const element = (tag: string, value: string): OrderedNode => ({ [tag]: [{ '#text': value }] });
  if (app.type === 'ConnectedApp') {
    const tag = 'permissionSetName';
    const present = nodes.filter((n) => tag in n);
    if (!present.some((n) => textOf(n, tag).toLowerCase() === setName.toLowerCase()))
      insertSorted(nodes, tag, element(tag, setName), present.at(-1));
  } else {
    const tag = 'commaSeparatedPermissionSet';
    const node = nodes.find((n) => tag in n);
    const current = node === undefined ? '' : textOf(node, tag);
    const names = current
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
    if (!names.some((n) => n.toLowerCase() === setName.toLowerCase())) {
      const value =
        current.trim() === ''
          ? setName
          : `${current.trim()}${current.includes(', ') ? ', ' : ','}${setName}`;
      if (node === undefined) insertSorted(nodes, tag, element(tag, value));
      else node[tag] = [{ '#text': value }];
    }
  }
  return orderedBuilder.build(tree);
}

/** Inserts after `after`, else before the first element whose name sorts after `tag` (Salesforce's order). */
function insertSorted(
  nodes: OrderedNode[],
  tag: string,
  node: OrderedNode,
  after?: OrderedNode,
): void {
  if (after !== undefined) {
    nodes.splice(nodes.indexOf(after) + 1, 0, node);
    return;
  }
  const index = nodes.findIndex((n) => {
    const name = Object.keys(n).find((k) => k !== ':@');
    return name !== undefined && !name.startsWith('#') && name > tag;
  });
  if (index === -1) nodes.push(node);
  else nodes.splice(index, 0, node);
}

const REBUILT_NOTE =
  ' Rebuilt by runas-guard suggest from what the audit collected, not retrieved: merge the pre-authorized permission set into the retrieved file (sf project retrieve start) before deploying. ';

function rebuiltPolicy(app: ClientApp, setName: string): string {
  const sets = app.preAuthorizedPermissionSets.some(
    (s) => s.toLowerCase() === setName.toLowerCase(),
  )
    ? app.preAuthorizedPermissionSets
    : [...app.preAuthorizedPermissionSets, setName];
  const optional = (key: string, value: string | number | undefined) =>
    value === undefined ? {} : { [key]: String(value) };
  if (app.type === 'ConnectedApp') {
    const text = document('ConnectedApp', {
      label: app.label,
      oauthConfig: {
        ...optional('consumerKey', app.consumerKey),
        isAdminApproved: bool(app.adminApproved),
        isClientCredentialEnabled: bool(app.clientCredentialsEnabled),
        ...optional('oauthClientCredentialUser', app.runAsUsername),
        scopes: app.scopes,
      },
      oauthPolicy: {
        ...optional('ipRelaxation', app.ipRelaxation),
        ...optional('refreshTokenPolicy', app.refreshTokenPolicy),
      },
      permissionSetName: sets,
      ...optional('pluginExecutionUser', app.handlerRunAsUsername),
      ...(app.preAuthorizedProfiles.length === 0 ? {} : { profileName: app.preAuthorizedProfiles }),
    });
    return withNote(text);
  }
  const text = document('ExtlClntAppOauthConfigurablePolicies', {
    ...optional('clientCredentialsFlowUser', app.runAsUsername),
    commaSeparatedPermissionSet: sets.join(','),
    ...optional(
      'commaSeparatedProfile',
      app.preAuthorizedProfiles.length === 0 ? undefined : app.preAuthorizedProfiles.join(','),
    ),
    ...optional('executeHandlerAs', app.handlerRunAsUsername),
    externalClientApplication: app.name,
    ...optional('ipRelaxationPolicyType', app.ipRelaxation),
    isClientCredentialsFlowEnabled: bool(
      app.policyClientCredentialsEnabled ?? app.clientCredentialsEnabled,
    ),
    label: `${app.name}_oauthPlcy`,
    permittedUsersPolicyType: app.adminApproved
      ? 'AdminApprovedPreAuthorized'
      : 'AllSelfAuthorized',
    ...optional('refreshTokenPolicyType', app.refreshTokenPolicy),
    ...optional('requiredSessionLevel', app.requiredSessionLevel),
    ...optional('sessionTimeoutInMinutes', app.sessionTimeoutMinutes),
  });
  return withNote(text);
}

/** The comment goes after the declaration: an XML declaration must come first. */
function withNote(text: string): string {
  const end = text.indexOf('?>') + 2;
  return `${text.slice(0, end)}\n<!--${REBUILT_NOTE}-->${text.slice(end)}`;
}
