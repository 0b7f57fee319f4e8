// The emulator's Metadata API (SOAP, `POST /services/Soap/m/{version}`): readMetadata and
// listMetadata, read-only, in the wire format jsforce 3 sends and parses
// (docs/salesforce-behaviour.md 2.6). Framework-free: the Hono route passes the body in.

import type { MetadataComponent } from '../model/org.js';
import {
  childNames,
  escapeXml,
  isRecord,
  parseSoapRequest,
  serializeElements,
  SoapRequestError,
  textOf,
} from './metadata-api-xml.js';

export interface MetadataApiContext {
  components: readonly MetadataComponent[];
  /** Validates the SessionHeader's sessionId; undefined = invalid/expired session. */
  authenticate(sessionId: string): { userId: string; canUseMetadataApi: boolean } | undefined;
  /** Id and audit fields for listMetadata (the emulator supplies them from its records). */
  describeComponent(c: MetadataComponent): {
    id: string;
    createdById: string;
    createdByName: string;
    createdDate: string;
    lastModifiedById: string;
    lastModifiedByName: string;
    lastModifiedDate: string;
  };
}

export interface SoapResponse {
  status: number;
  contentType: string;
  body: string;
}

const METADATA_NS = 'http://soap.sforce.com/2006/04/metadata';
const SOAP_ENV_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance';
const CONTENT_TYPE = 'text/xml;charset=UTF-8';
const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';

/** readMetadata names per call [DOC meta_readMetadata]; the larger limit for two types. */
const READ_LIMIT = 10;
const READ_LIMIT_LARGE = 200;
const LARGE_READ_TYPES: ReadonlySet<string> = new Set(['CustomMetadata', 'CustomApplication']);
/** ListMetadataQuery entries per listMetadata call [DOC meta_listmetadata]. */
const LIST_QUERY_LIMIT = 3;

/** Operations of the Metadata WSDL; those other than the two reads are refused (read-only emulator). */
const WSDL_OPERATIONS: ReadonlySet<string> = new Set([
  'readMetadata',
  'listMetadata',
  'cancelDeploy',
  'checkDeployStatus',
  'checkRetrieveStatus',
  'checkStatus',
  'create',
  'createMetadata',
  'delete',
  'deleteMetadata',
  'deploy',
  'deployRecentValidation',
  'describeMetadata',
  'describeValueType',
  'renameMetadata',
  'retrieve',
  'update',
  'updateMetadata',
  'upsertMetadata',
]);

/**
 * Metadata-format folder and file suffix per type, for listMetadata's `fileName`
 * (docs/salesforce-behaviour.md 2.1, from the SDR registry; the `-meta.xml` of source format dropped).
 */
const FILE_LOCATIONS: Readonly<Record<string, { folder: string; suffix: string }>> = {
  ConnectedApp: { folder: 'connectedApps', suffix: 'connectedApp' },
  ExternalClientApplication: { folder: 'externalClientApps', suffix: 'eca' },
  ExtlClntAppOauthSettings: { folder: 'extlClntAppOauthSettings', suffix: 'ecaOauth' },
  ExtlClntAppGlobalOauthSettings: { folder: 'extlClntAppGlobalOauthSets', suffix: 'ecaGlblOauth' },
  ExtlClntAppOauthConfigurablePolicies: {
    folder: 'extlClntAppOauthPolicies',
    suffix: 'ecaOauthPlcy',
  },
  ExtlClntAppConfigurablePolicies: { folder: 'extlClntAppPolicies', suffix: 'ecaPlcy' },
  ExtlClntAppOauthSecuritySettings: {
    folder: 'extlClntAppOauthSecuritySettings',
    suffix: 'ecaOauthSecurity',
  },
  Profile: { folder: 'profiles', suffix: 'profile' },
  PermissionSet: { folder: 'permissionsets', suffix: 'permissionset' },
  PermissionSetGroup: { folder: 'permissionsetgroups', suffix: 'permissionsetgroup' },
  MutingPermissionSet: { folder: 'mutingpermissionsets', suffix: 'mutingpermissionset' },
};

/** `connectedApps/Billing_Sync.connectedApp`; unknown types fall back to `<type>s/<name>.<type>` (a guess). */
export function metadataFileName(type: string, fullName: string): string {
  const location = FILE_LOCATIONS[type];
  if (location !== undefined) return `${location.folder}/${fullName}.${location.suffix}`;
  const lower = type.charAt(0).toLowerCase() + type.slice(1);
  return `${lower}s/${fullName}.${lower}`;
}

/** A fault the handler answers with; `code` is the faultcode as sent (`sf:X` or `soapenv:Client`). */
class SoapFault extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** An `sf:` API fault: faultstring `CODE: message`, with the UnexpectedErrorFault detail block. */
function apiFault(code: string, message: string): SoapFault {
  return new SoapFault(`sf:${code}`, message);
}

/** Handles one Metadata API SOAP request. Never throws: every failure is a SOAP fault. */
export function handleMetadataSoap(body: string, ctx: MetadataApiContext): SoapResponse {
  try {
    return ok(dispatch(body, ctx));
  } catch (error) {
    if (error instanceof SoapFault) return fault(error);
    if (error instanceof SoapRequestError)
      return fault(new SoapFault('soapenv:Client', error.message));
    // Emulator bug or a throwing callback: answer as Salesforce does for internal errors,
    // without echoing internals.
    return fault(apiFault('UNKNOWN_EXCEPTION', 'An unexpected error occurred in the emulator'));
  }
}

function dispatch(body: string, ctx: MetadataApiContext): string {
  const doc = parseSoapRequest(body);
  const envelope = doc.Envelope;
  if (!isRecord(envelope))
    throw new SoapFault('soapenv:Client', 'The request is not a SOAP envelope');
  const soapBody = envelope.Body;
  if (!isRecord(soapBody)) throw new SoapFault('soapenv:Client', 'The SOAP envelope has no Body');
  const operation = childNames(soapBody)[0];
  if (operation === undefined)
    throw new SoapFault('soapenv:Client', 'The SOAP Body names no operation');
  if (!WSDL_OPERATIONS.has(operation)) {
    // [OBS] Salesforce's SOAP dispatcher answers an unknown operation this way (rforce test fixture).
    throw new SoapFault(
      'soapenv:Client',
      `No operation available for request {${METADATA_NS}}${operation}, please check the WSDL for the service.`,
    );
  }

  const session = authenticate(envelope.Header, ctx);
  if (!session.canUseMetadataApi) {
    throw apiFault(
      'INSUFFICIENT_ACCESS',
      'use of the Metadata API requires a user with the ModifyAllData or ModifyMetadata permissions',
    );
  }

  const args = soapBody[operation];
  switch (operation) {
    case 'readMetadata':
      return readMetadata(args, ctx);
    case 'listMetadata':
      return listMetadata(args, ctx);
    default:
      // Emulator choice, not Salesforce behaviour: a real org would perform the write. The
      // emulator serves metadata read-only, so every other operation is refused with an honest code.
      throw apiFault(
        'INVALID_OPERATION',
        `${operation} is not supported by the runas-guard emulator, which serves the Metadata API read-only (readMetadata, listMetadata)`,
      );
  }
}

function authenticate(
  header: unknown,
  ctx: MetadataApiContext,
): { userId: string; canUseMetadataApi: boolean } {
  const sessionHeader = isRecord(header) ? header.SessionHeader : undefined;
  const sessionId = isRecord(sessionHeader) ? textOf(sessionHeader.sessionId) : undefined;
  const session =
    sessionId === undefined || sessionId === '' ? undefined : ctx.authenticate(sessionId);
  // [OBS] The text real orgs send (CumulusCI fixtures); jsforce keys its session-expiry check on the faultcode.
  if (session === undefined) {
    throw apiFault(
      'INVALID_SESSION_ID',
      'Invalid Session ID found in SessionHeader: Illegal Session',
    );
  }
  return session;
}

function readMetadata(args: unknown, ctx: MetadataApiContext): string {
  if (!isRecord(args))
    throw new SoapFault('soapenv:Client', 'readMetadata requires a type and fullNames');
  const type = textOf(args.type);
  if (type === undefined || type === '') {
    throw new SoapFault('soapenv:Client', 'readMetadata requires a type');
  }
  const rawNames = args.fullNames;
  const names = (Array.isArray(rawNames) ? rawNames : []).map((value) => {
    const name = textOf(value);
    if (name === undefined) throw new SoapFault('soapenv:Client', 'fullNames must be text');
    return name;
  });
  const limit = LARGE_READ_TYPES.has(type) ? READ_LIMIT_LARGE : READ_LIMIT;
  if (names.length > limit) {
    // [OBS] certinia/apex-mdapi#105. The 200-name text for the two large types is assumed to
    // follow the same pattern (UNCONFIRMED).
    throw apiFault(
      'EXCEEDED_ID_LIMIT',
      `record limit reached. cannot submit more than ${limit} records in this operation`,
    );
  }

  const byName = new Map<string, MetadataComponent>();
  for (const component of ctx.components) {
    if (component.type === type && !byName.has(component.fullName))
      byName.set(component.fullName, component);
  }
  // One record per requested name, in request order; a missing name is a nil record, not a fault.
  // Names match exactly; whether real orgs match case-insensitively is UNCONFIRMED.
  const records = names.map((name) => {
    const component = byName.get(name);
    if (component === undefined) return '<records xsi:nil="true"/>';
    return (
      `<records xsi:type="${escapeXml(component.type)}">` +
      `<fullName>${escapeXml(component.fullName)}</fullName>` +
      serializeElements(component.content, new Set(['fullName'])) +
      '</records>'
    );
  });
  return `<readMetadataResponse><result>${records.join('')}</result></readMetadataResponse>`;
}

interface ListQuery {
  type: string;
  folder?: string;
}

function listMetadata(args: unknown, ctx: MetadataApiContext): string {
  const rawQueries = isRecord(args) && Array.isArray(args.queries) ? args.queries : [];
  const queries = rawQueries.map((raw): ListQuery => {
    const type = isRecord(raw) ? textOf(raw.type) : undefined;
    if (type === undefined || type === '')
      throw new SoapFault('soapenv:Client', 'every ListMetadataQuery requires a type');
    const folder = isRecord(raw) ? textOf(raw.folder) : undefined;
    return folder === undefined || folder === '' ? { type } : { type, folder };
  });
  if (queries.length > LIST_QUERY_LIMIT) {
    // The limit of 3 is DOC; the code and text of the real fault are UNCONFIRMED (none found).
    throw apiFault(
      'INVALID_OPERATION',
      `listMetadata accepts at most ${LIST_QUERY_LIMIT} ListMetadataQuery entries per call (${queries.length} given)`,
    );
  }
  // asOfVersion is accepted and ignored: the emulator serves one version of each component.

  const seen = new Set<MetadataComponent>();
  const results: string[] = [];
  for (const query of queries) {
    for (const component of ctx.components) {
      if (component.type !== query.type || seen.has(component)) continue;
      // Folder-based types name components `Folder/Name`; the folder filter selects on that prefix.
      if (query.folder !== undefined && !component.fullName.startsWith(`${query.folder}/`))
        continue;
      seen.add(component);
      results.push(fileProperties(component, ctx));
    }
  }
  if (results.length === 0) return '<listMetadataResponse/>';
  return `<listMetadataResponse>${results.join('')}</listMetadataResponse>`;
}

function fileProperties(component: MetadataComponent, ctx: MetadataApiContext): string {
  const audit = ctx.describeComponent(component);
  // FileProperties elements in WSDL (alphabetical) order; namespacePrefix is optional and omitted.
  const fields: [string, string][] = [
    ['createdById', audit.createdById],
    ['createdByName', audit.createdByName],
    ['createdDate', audit.createdDate],
    ['fileName', metadataFileName(component.type, component.fullName)],
    ['fullName', component.fullName],
    ['id', audit.id],
    ['lastModifiedById', audit.lastModifiedById],
    ['lastModifiedByName', audit.lastModifiedByName],
    ['lastModifiedDate', audit.lastModifiedDate],
    ['manageableState', 'unmanaged'],
    ['type', component.type],
  ];
  return `<result>${fields.map(([name, value]) => `<${name}>${escapeXml(value)}</${name}>`).join('')}</result>`;
}

/**
 * The success envelope exactly as docs/salesforce-behaviour.md 2.6 requires: prefixed Envelope and Body,
 * namespace declarations on Envelope, none on Body (jsforce returns [] otherwise).
 */
function ok(operationResponse: string): SoapResponse {
  return {
    status: 200,
    contentType: CONTENT_TYPE,
    body:
      XML_DECLARATION +
      `<soapenv:Envelope xmlns:soapenv="${SOAP_ENV_NS}" xmlns="${METADATA_NS}" xmlns:xsi="${XSI_NS}">` +
      `<soapenv:Body>${operationResponse}</soapenv:Body></soapenv:Envelope>`,
  };
}

/** HTTP 500 SOAP fault; `sf:` faults carry the UnexpectedErrorFault detail real orgs send [OBS]. */
function fault(error: SoapFault): SoapResponse {
  const isApiFault = error.code.startsWith('sf:');
  const exceptionCode = error.code.slice('sf:'.length);
  const faultString = isApiFault ? `${exceptionCode}: ${error.message}` : error.message;
  const detail = isApiFault
    ? '<detail><sf:UnexpectedErrorFault xsi:type="sf:UnexpectedErrorFault">' +
      `<sf:exceptionCode>${escapeXml(exceptionCode)}</sf:exceptionCode>` +
      `<sf:exceptionMessage>${escapeXml(error.message)}</sf:exceptionMessage>` +
      '</sf:UnexpectedErrorFault></detail>'
    : '';
  return {
    status: 500,
    contentType: CONTENT_TYPE,
    body:
      XML_DECLARATION +
      `<soapenv:Envelope xmlns:soapenv="${SOAP_ENV_NS}" xmlns:sf="${METADATA_NS}" xmlns:xsi="${XSI_NS}">` +
      '<soapenv:Body><soapenv:Fault>' +
      `<faultcode>${escapeXml(error.code)}</faultcode><faultstring>${escapeXml(faultString)}</faultstring>${detail}` +
      '</soapenv:Fault></soapenv:Body></soapenv:Envelope>',
  };
}
