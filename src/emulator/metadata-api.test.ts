import type { AddressInfo } from 'node:net';

import { serve } from '@hono/node-server';
import { Connection } from '@jsforce/jsforce-node';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { MetadataComponent } from '../model/org.js';
import { handleMetadataSoap, metadataFileName, type MetadataApiContext } from './metadata-api.js';

const ADMIN_TOKEN = '00D000000000001!AQ.admin-token';
const LIMITED_TOKEN = '00D000000000001!AQ.limited-token';

function component(
  type: string,
  fullName: string,
  content: Record<string, unknown>,
): MetadataComponent {
  return { type, fullName, content, location: { file: `force-app/${fullName}`, line: 1 } };
}

const billingSync = component('ConnectedApp', 'Billing_Sync', {
  contactEmail: 'ops@example.com',
  description: 'Bills & invoices <nightly>',
  label: 'Billing Sync',
  oauthConfig: {
    callbackUrl: 'https://localhost/oauth/callback',
    consumerKey: '3MVG9EXAMPLEKEY',
    isAdminApproved: 'true',
    isClientCredentialEnabled: 'true',
    oauthClientCredentialUser: 'billing.integration@example.com',
    scopes: ['Api', 'RefreshToken'],
  },
  oauthPolicy: { ipRelaxation: 'ENFORCE', refreshTokenPolicy: 'zero' },
  permissionSetName: 'Billing_Sync_Integration',
});

const ledgerExport = component('ConnectedApp', 'Ledger_Export', {
  contactEmail: 'finance@example.com',
  label: 'Ledger Export',
  oauthConfig: {
    callbackUrl: 'https://localhost/oauth/callback',
    consumerKey: '3MVG9LEDGERKEY',
    isAdminApproved: 'true',
    isClientCredentialEnabled: 'true',
    oauthClientCredentialUser: 'ledger.integration@example.com',
    scopes: ['Api'],
  },
});

const storefrontPolicy = component(
  'ExtlClntAppOauthConfigurablePolicies',
  'Storefront_Orders_oauthPlcy',
  {
    clientCredentialsFlowUser: 'storefront.integration@example.com',
    commaSeparatedPermissionSet: 'Storefront_Orders_Integration',
    externalClientApplication: 'Storefront_Orders',
    ipRelaxationPolicyType: 'Enforce',
    isClientCredentialsFlowEnabled: 'true',
    label: 'Storefront_Orders_oauthPlcy',
    permittedUsersPolicyType: 'AdminApprovedPreAuthorized',
    refreshTokenPolicyType: 'Zero',
  },
);

const storefrontApp = component('ExternalClientApplication', 'Storefront_Orders', {
  contactEmail: 'shop@example.com',
  distributionState: 'Local',
  label: 'Storefront Orders',
});

const marketingProfile = component('Profile', 'Custom%3A Marketing & Sales', {
  custom: 'true',
  userLicense: 'Salesforce',
  userPermissions: [
    { enabled: 'true', name: 'ApiEnabled' },
    { enabled: 'true', name: 'ViewSetup' },
  ],
  loginIpRanges: { startAddress: '192.0.2.1', endAddress: '192.0.2.9' },
});

const components: MetadataComponent[] = [
  billingSync,
  ledgerExport,
  storefrontPolicy,
  storefrontApp,
  marketingProfile,
];

const ids = new Map(components.map((c, i) => [c, `0H4000000000${String(i).padStart(3, '0')}AAA`]));

function context(overrides: Partial<MetadataApiContext> = {}): MetadataApiContext {
  return {
    components,
    authenticate(sessionId) {
      if (sessionId === ADMIN_TOKEN)
        return { userId: '005000000000001AAA', canUseMetadataApi: true };
      if (sessionId === LIMITED_TOKEN)
        return { userId: '005000000000002AAA', canUseMetadataApi: false };
      return undefined;
    },
    describeComponent(c) {
      return {
        id: ids.get(c) ?? '000000000000000AAA',
        createdById: '005000000000001AAA',
        createdByName: 'Grace Okafor',
        createdDate: '2026-06-01T09:00:00.000Z',
        lastModifiedById: '005000000000001AAA',
        lastModifiedByName: 'Grace Okafor',
        lastModifiedDate: '2026-07-15T10:30:00.000Z',
      };
    },
    ...overrides,
  };
}

/** A request envelope byte-for-byte as jsforce 3 builds it (docs/salesforce-behaviour.md 2.6). */
function envelope(operationXml: string, token: string | null = ADMIN_TOKEN): string {
  const header =
    token === null ? '' : `<SessionHeader><sessionId>${token}</sessionId></SessionHeader>`;
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"' +
    ' xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
    `<soapenv:Header xmlns="http://soap.sforce.com/2006/04/metadata">${header}</soapenv:Header>` +
    `<soapenv:Body xmlns="http://soap.sforce.com/2006/04/metadata">${operationXml}</soapenv:Body>` +
    '</soapenv:Envelope>'
  );
}

function readRequest(type: string, names: string[], token: string | null = ADMIN_TOKEN): string {
  return envelope(
    `<readMetadata><type>${type}</type>${names.map((n) => `<fullNames>${n}</fullNames>`).join('')}</readMetadata>`,
    token,
  );
}

function listRequest(
  queries: { type: string; folder?: string }[],
  token: string | null = ADMIN_TOKEN,
): string {
  const xml = queries
    .map(
      (q) =>
        `<queries><type>${q.type}</type>${q.folder === undefined ? '' : `<folder>${q.folder}</folder>`}</queries>`,
    )
    .join('');
  return envelope(`<listMetadata>${xml}<asOfVersion>62.0</asOfVersion></listMetadata>`, token);
}

const OK_PREFIX =
  '<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"' +
  ' xmlns="http://soap.sforce.com/2006/04/metadata" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body>';
const OK_SUFFIX = '</soapenv:Body></soapenv:Envelope>';

function faultOf(body: string): { code: string; text: string } {
  const code = /<faultcode>([^<]*)<\/faultcode>/.exec(body)?.[1];
  const text = /<faultstring>([^<]*)<\/faultstring>/.exec(body)?.[1];
  if (code === undefined || text === undefined) throw new Error(`not a SOAP fault: ${body}`);
  return { code, text };
}

describe('handleMetadataSoap: readMetadata', () => {
  it('answers one record per requested name in request order, nil for a missing name', () => {
    const res = handleMetadataSoap(
      readRequest('ConnectedApp', ['Ledger_Export', 'Missing', 'Billing_Sync']),
      context(),
    );
    expect(res.status).toBe(200);
    expect(res.contentType).toBe('text/xml;charset=UTF-8');
    expect(res.body.startsWith(OK_PREFIX)).toBe(true);
    expect(res.body.endsWith(OK_SUFFIX)).toBe(true);
    const records = [...res.body.matchAll(/<records( xsi:type="[^"]*"| xsi:nil="true")/g)].map(
      (m) => m[1],
    );
    expect(records).toEqual([
      ' xsi:type="ConnectedApp"',
      ' xsi:nil="true"',
      ' xsi:type="ConnectedApp"',
    ]);
    const fullNames = [
      ...res.body.matchAll(/<records xsi:type="ConnectedApp"><fullName>([^<]*)<\/fullName>/g),
    ].map((m) => m[1]);
    expect(fullNames).toEqual(['Ledger_Export', 'Billing_Sync']);
    expect(res.body).toContain('<records xsi:nil="true"/>');
  });

  it('serializes content after fullName: nested objects, arrays as repeated elements, escaped text', () => {
    const res = handleMetadataSoap(readRequest('ConnectedApp', ['Billing_Sync']), context());
    expect(res.body).toBe(
      OK_PREFIX +
        '<readMetadataResponse><result><records xsi:type="ConnectedApp"><fullName>Billing_Sync</fullName>' +
        '<contactEmail>ops@example.com</contactEmail>' +
        '<description>Bills &amp; invoices &lt;nightly&gt;</description>' +
        '<label>Billing Sync</label>' +
        '<oauthConfig><callbackUrl>https://localhost/oauth/callback</callbackUrl><consumerKey>3MVG9EXAMPLEKEY</consumerKey>' +
        '<isAdminApproved>true</isAdminApproved><isClientCredentialEnabled>true</isClientCredentialEnabled>' +
        '<oauthClientCredentialUser>billing.integration@example.com</oauthClientCredentialUser>' +
        '<scopes>Api</scopes><scopes>RefreshToken</scopes></oauthConfig>' +
        '<oauthPolicy><ipRelaxation>ENFORCE</ipRelaxation><refreshTokenPolicy>zero</refreshTokenPolicy></oauthPolicy>' +
        '<permissionSetName>Billing_Sync_Integration</permissionSetName>' +
        '</records></result></readMetadataResponse>' +
        OK_SUFFIX,
    );
  });

  it('decodes escaped names in the request and escapes them in the answer', () => {
    const res = handleMetadataSoap(
      readRequest('Profile', ['Custom%3A Marketing &amp; Sales']),
      context(),
    );
    expect(res.status).toBe(200);
    expect(res.body).toContain(
      '<records xsi:type="Profile"><fullName>Custom%3A Marketing &amp; Sales</fullName><custom>true</custom>',
    );
    expect(res.body).toContain(
      '<userPermissions><enabled>true</enabled><name>ApiEnabled</name></userPermissions><userPermissions><enabled>true</enabled><name>ViewSetup</name></userPermissions>',
    );
  });

  it('does not match a name of another type', () => {
    const res = handleMetadataSoap(readRequest('Profile', ['Billing_Sync']), context());
    expect(res.body).toContain('<result><records xsi:nil="true"/></result>');
  });

  it('accepts other namespace prefixes and finds the operation as the first child of Body', () => {
    const body =
      '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" xmlns:m="http://soap.sforce.com/2006/04/metadata">' +
      `<s:Header><m:SessionHeader><m:sessionId>${ADMIN_TOKEN}</m:sessionId></m:SessionHeader></s:Header>` +
      '<s:Body><m:readMetadata><m:type>ConnectedApp</m:type><m:fullNames>Ledger_Export</m:fullNames></m:readMetadata></s:Body>' +
      '</s:Envelope>';
    const res = handleMetadataSoap(body, context());
    expect(res.status).toBe(200);
    expect(res.body).toContain('<fullName>Ledger_Export</fullName>');
  });

  it('allows 10 names and refuses 11 with EXCEEDED_ID_LIMIT', () => {
    const ten = Array.from({ length: 10 }, (_, i) => `App_${i}`);
    const okRes = handleMetadataSoap(readRequest('ConnectedApp', ten), context());
    expect(okRes.status).toBe(200);
    expect(okRes.body.match(/<records xsi:nil="true"\/>/g)).toHaveLength(10);

    const res = handleMetadataSoap(
      readRequest('ConnectedApp', [...ten, 'Billing_Sync']),
      context(),
    );
    expect(res.status).toBe(500);
    expect(faultOf(res.body)).toEqual({
      code: 'sf:EXCEEDED_ID_LIMIT',
      text: 'EXCEEDED_ID_LIMIT: record limit reached. cannot submit more than 10 records in this operation',
    });
  });

  it('allows 200 names for CustomMetadata and CustomApplication, not 201', () => {
    const names = Array.from({ length: 200 }, (_, i) => `Rec_${i}`);
    for (const type of ['CustomMetadata', 'CustomApplication']) {
      expect(handleMetadataSoap(readRequest(type, names), context()).status).toBe(200);
      const res = handleMetadataSoap(readRequest(type, [...names, 'One_More']), context());
      expect(faultOf(res.body).code).toBe('sf:EXCEEDED_ID_LIMIT');
      expect(faultOf(res.body).text).toContain('cannot submit more than 200 records');
    }
  });

  it('answers an empty result for no names, and a Client fault for a missing type', () => {
    expect(handleMetadataSoap(readRequest('ConnectedApp', []), context()).body).toContain(
      '<readMetadataResponse><result></result></readMetadataResponse>',
    );
    const res = handleMetadataSoap(
      envelope('<readMetadata><fullNames>X</fullNames></readMetadata>'),
      context(),
    );
    expect(res.status).toBe(500);
    expect(faultOf(res.body).code).toBe('soapenv:Client');
  });
});

describe('handleMetadataSoap: listMetadata', () => {
  it('lists FileProperties per component with the folder and suffix of its type', () => {
    const res = handleMetadataSoap(
      listRequest([{ type: 'ConnectedApp' }, { type: 'ExtlClntAppOauthConfigurablePolicies' }]),
      context(),
    );
    expect(res.status).toBe(200);
    expect(res.body).toBe(
      OK_PREFIX +
        '<listMetadataResponse>' +
        '<result><createdById>005000000000001AAA</createdById><createdByName>Grace Okafor</createdByName>' +
        '<createdDate>2026-06-01T09:00:00.000Z</createdDate><fileName>connectedApps/Billing_Sync.connectedApp</fileName>' +
        '<fullName>Billing_Sync</fullName><id>0H4000000000000AAA</id><lastModifiedById>005000000000001AAA</lastModifiedById>' +
        '<lastModifiedByName>Grace Okafor</lastModifiedByName><lastModifiedDate>2026-07-15T10:30:00.000Z</lastModifiedDate>' +
        '<manageableState>unmanaged</manageableState><type>ConnectedApp</type></result>' +
        '<result><createdById>005000000000001AAA</createdById><createdByName>Grace Okafor</createdByName>' +
        '<createdDate>2026-06-01T09:00:00.000Z</createdDate><fileName>connectedApps/Ledger_Export.connectedApp</fileName>' +
        '<fullName>Ledger_Export</fullName><id>0H4000000000001AAA</id><lastModifiedById>005000000000001AAA</lastModifiedById>' +
        '<lastModifiedByName>Grace Okafor</lastModifiedByName><lastModifiedDate>2026-07-15T10:30:00.000Z</lastModifiedDate>' +
        '<manageableState>unmanaged</manageableState><type>ConnectedApp</type></result>' +
        '<result><createdById>005000000000001AAA</createdById><createdByName>Grace Okafor</createdByName>' +
        '<createdDate>2026-06-01T09:00:00.000Z</createdDate>' +
        '<fileName>extlClntAppOauthPolicies/Storefront_Orders_oauthPlcy.ecaOauthPlcy</fileName>' +
        '<fullName>Storefront_Orders_oauthPlcy</fullName><id>0H4000000000002AAA</id><lastModifiedById>005000000000001AAA</lastModifiedById>' +
        '<lastModifiedByName>Grace Okafor</lastModifiedByName><lastModifiedDate>2026-07-15T10:30:00.000Z</lastModifiedDate>' +
        '<manageableState>unmanaged</manageableState><type>ExtlClntAppOauthConfigurablePolicies</type></result>' +
        '</listMetadataResponse>' +
        OK_SUFFIX,
    );
  });

  it('answers <listMetadataResponse/> when nothing matches, and lists a repeated query once', () => {
    expect(handleMetadataSoap(listRequest([{ type: 'PermissionSet' }]), context()).body).toBe(
      `${OK_PREFIX}<listMetadataResponse/>${OK_SUFFIX}`,
    );
    const twice = handleMetadataSoap(
      listRequest([{ type: 'ExternalClientApplication' }, { type: 'ExternalClientApplication' }]),
      context(),
    );
    expect(twice.body.match(/<result>/g)).toHaveLength(1);
    expect(twice.body).toContain('<fileName>externalClientApps/Storefront_Orders.eca</fileName>');
  });

  it('filters folder-based components by folder', () => {
    const reports = [
      component('Report', 'Ops/Open_Cases', {}),
      component('Report', 'Sales/Pipeline', {}),
    ];
    const res = handleMetadataSoap(
      listRequest([{ type: 'Report', folder: 'Ops' }]),
      context({ components: reports }),
    );
    expect([...res.body.matchAll(/<fullName>([^<]*)<\/fullName>/g)].map((m) => m[1])).toEqual([
      'Ops/Open_Cases',
    ]);
  });

  it('refuses more than 3 queries', () => {
    const res = handleMetadataSoap(
      listRequest([
        { type: 'ConnectedApp' },
        { type: 'Profile' },
        { type: 'PermissionSet' },
        { type: 'ExternalClientApplication' },
      ]),
      context(),
    );
    expect(res.status).toBe(500);
    expect(faultOf(res.body).code).toBe('sf:INVALID_OPERATION');
    expect(faultOf(res.body).text).toContain('at most 3');
  });

  it('names metadata-format files per type', () => {
    expect(metadataFileName('ExtlClntAppGlobalOauthSettings', 'X_glbloauth')).toBe(
      'extlClntAppGlobalOauthSets/X_glbloauth.ecaGlblOauth',
    );
    expect(metadataFileName('PermissionSetGroup', 'G')).toBe(
      'permissionsetgroups/G.permissionsetgroup',
    );
    expect(metadataFileName('Profile', 'Admin')).toBe('profiles/Admin.profile');
  });
});

describe('handleMetadataSoap: faults', () => {
  const sessionFault =
    '<faultcode>sf:INVALID_SESSION_ID</faultcode>' +
    '<faultstring>INVALID_SESSION_ID: Invalid Session ID found in SessionHeader: Illegal Session</faultstring>' +
    '<detail><sf:UnexpectedErrorFault xsi:type="sf:UnexpectedErrorFault"><sf:exceptionCode>INVALID_SESSION_ID</sf:exceptionCode>' +
    '<sf:exceptionMessage>Invalid Session ID found in SessionHeader: Illegal Session</sf:exceptionMessage></sf:UnexpectedErrorFault></detail>';

  it('answers INVALID_SESSION_ID with the detail block for a bad or missing session', () => {
    for (const body of [
      readRequest('ConnectedApp', ['Billing_Sync'], 'not-a-token'),
      readRequest('ConnectedApp', ['Billing_Sync'], null),
    ]) {
      const res = handleMetadataSoap(body, context());
      expect(res.status).toBe(500);
      expect(res.contentType).toBe('text/xml;charset=UTF-8');
      expect(res.body).toBe(
        '<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"' +
          ' xmlns:sf="http://soap.sforce.com/2006/04/metadata" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
          `<soapenv:Body><soapenv:Fault>${sessionFault}</soapenv:Fault></soapenv:Body></soapenv:Envelope>`,
      );
      // jsforce's session-expiry test (soap.ts isSessionExpired).
      expect(/<faultcode>[a-zA-Z]+:INVALID_SESSION_ID<\/faultcode>/.test(res.body)).toBe(true);
    }
  });

  it('answers INSUFFICIENT_ACCESS to a user without Modify Metadata or Modify All Data', () => {
    const res = handleMetadataSoap(
      listRequest([{ type: 'ConnectedApp' }], LIMITED_TOKEN),
      context(),
    );
    expect(res.status).toBe(500);
    expect(faultOf(res.body)).toEqual({
      code: 'sf:INSUFFICIENT_ACCESS',
      text: 'INSUFFICIENT_ACCESS: use of the Metadata API requires a user with the ModifyAllData or ModifyMetadata permissions',
    });
  });

  it('refuses every write operation: the emulator is read-only', () => {
    for (const op of [
      'deploy',
      'createMetadata',
      'updateMetadata',
      'upsertMetadata',
      'deleteMetadata',
      'renameMetadata',
      'retrieve',
    ]) {
      const res = handleMetadataSoap(
        envelope(`<${op}><metadata><fullName>X</fullName></metadata></${op}>`),
        context(),
      );
      expect(res.status).toBe(500);
      expect(faultOf(res.body).code).toBe('sf:INVALID_OPERATION');
      expect(faultOf(res.body).text).toMatch(
        new RegExp(`^INVALID_OPERATION: ${op} is not supported`),
      );
    }
  });

  it('answers an operation outside the WSDL like the SOAP dispatcher does', () => {
    const res = handleMetadataSoap(envelope('<dropEverything/>'), context());
    expect(faultOf(res.body)).toEqual({
      code: 'soapenv:Client',
      text: 'No operation available for request {http://soap.sforce.com/2006/04/metadata}dropEverything, please check the WSDL for the service.',
    });
    expect(res.body).not.toContain('<detail>');
  });

  it.each([
    ['empty body', ''],
    ['not XML', 'hello'],
    ['unclosed tags', '<soapenv:Envelope><soapenv:Body><readMetadata>'],
    ['mismatched tags', envelope('<readMetadata><type>ConnectedApp</fullNames></readMetadata>')],
    ['no Body', '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"/>'],
    ['empty Body', envelope('')],
    [
      'prototype key',
      envelope('<readMetadata><__proto__><polluted>1</polluted></__proto__></readMetadata>'),
    ],
    [
      'element as a name',
      envelope(
        '<readMetadata><type>ConnectedApp</type><fullNames><x>1</x></fullNames></readMetadata>',
      ),
    ],
    [
      'query without type',
      envelope('<listMetadata><queries><folder>F</folder></queries></listMetadata>'),
    ],
  ])('answers a SOAP fault, never a crash: %s', (_label, body) => {
    const res = handleMetadataSoap(body, context());
    expect(res.status).toBe(500);
    expect(faultOf(res.body).code).toBe('soapenv:Client');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('rejects a billion-laughs DOCTYPE quickly', () => {
    const entities = Array.from(
      { length: 10 },
      (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i};`.repeat(10)}">`,
    ).join('');
    const body =
      `<?xml version="1.0"?><!DOCTYPE soapenv:Envelope [<!ENTITY lol0 "lol">${entities}]>` +
      readRequest('ConnectedApp', ['&lol10;']).replace(
        '<?xml version="1.0" encoding="UTF-8"?>',
        '',
      );
    const started = performance.now();
    const res = handleMetadataSoap(body, context());
    expect(performance.now() - started).toBeLessThan(500);
    expect(res.status).toBe(500);
    expect(faultOf(res.body)).toEqual({
      code: 'soapenv:Client',
      text: 'a SOAP message must not contain a document type declaration',
    });
  });

  it('rejects an external-entity DOCTYPE and keeps entity references literal', () => {
    const xxe = `<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>${readRequest('ConnectedApp', ['&xxe;'])}`;
    expect(faultOf(handleMetadataSoap(xxe, context()).body).code).toBe('soapenv:Client');
    // Without a DTD an unknown entity is just text: no name matches it.
    const res = handleMetadataSoap(readRequest('ConnectedApp', ['&xxe;']), context());
    expect(res.status).toBe(200);
    expect(res.body).toContain('<records xsi:nil="true"/>');
  });

  it('rejects oversize and deeply nested requests quickly', () => {
    const big = readRequest('ConnectedApp', ['x'.repeat(1024 * 1024)]);
    const started = performance.now();
    expect(faultOf(handleMetadataSoap(big, context()).body).text).toContain('exceeds');
    const deep = envelope(
      `<readMetadata>${'<a>'.repeat(50_000)}${'</a>'.repeat(50_000)}</readMetadata>`,
    );
    expect(faultOf(handleMetadataSoap(deep, context()).body).code).toBe('soapenv:Client');
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('turns a throwing callback into UNKNOWN_EXCEPTION', () => {
    const res = handleMetadataSoap(
      listRequest([{ type: 'ConnectedApp' }]),
      context({
        describeComponent() {
          throw new Error('secret internals');
        },
      }),
    );
    expect(res.status).toBe(500);
    expect(faultOf(res.body).code).toBe('sf:UNKNOWN_EXCEPTION');
    expect(res.body).not.toContain('secret internals');
  });
});

describe('handleMetadataSoap through real jsforce over 127.0.0.1', () => {
  let server: ReturnType<typeof serve>;
  let instanceUrl: string;

  beforeAll(async () => {
    const app = new Hono();
    app.post('/services/Soap/m/:version', async (c) => {
      const res = handleMetadataSoap(await c.req.text(), context());
      return c.body(res.body, res.status === 200 ? 200 : 500, { 'Content-Type': res.contentType });
    });
    await new Promise<void>((resolve) => {
      server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => {
        resolve();
      });
    });
    const { port } = server.address() as AddressInfo;
    instanceUrl = `http://127.0.0.1:${port}`;
  });

  afterAll(async () => {
    await new Promise<void>((resolve, reject) => {
      server.close((error) => {
        if (error) reject(error);
        else resolve();
      });
    });
  });

  function connect(accessToken = ADMIN_TOKEN): Connection {
    return new Connection({ instanceUrl, accessToken, version: '62.0' });
  }

  it('reads ConnectedApps in order; a missing one has no fullName; raw fields arrive as strings', async () => {
    const [found, missing] = (await connect().metadata.read('ConnectedApp', [
      'Billing_Sync',
      'Missing',
    ])) as unknown as Record<string, unknown>[];
    expect(found?.fullName).toBe('Billing_Sync');
    expect(found?.oauthConfig).toMatchObject({
      consumerKey: '3MVG9EXAMPLEKEY',
      isAdminApproved: true,
      isClientCredentialEnabled: 'true',
      oauthClientCredentialUser: 'billing.integration@example.com',
      scopes: ['Api', 'RefreshToken'],
    });
    expect(found?.oauthPolicy).toEqual({ ipRelaxation: 'ENFORCE', refreshTokenPolicy: 'zero' });
    expect(found?.description).toBe('Bills & invoices <nightly>');
    expect(missing).toBeDefined();
    expect(missing).not.toHaveProperty('fullName');
  });

  it('reads a single name as one object', async () => {
    const app = (await connect().metadata.read(
      'ConnectedApp',
      'Ledger_Export',
    )) as unknown as Record<string, unknown>;
    expect(app.fullName).toBe('Ledger_Export');
    expect(app.oauthConfig).toMatchObject({
      isClientCredentialEnabled: 'true',
      scopes: ['Api'],
    });
  });

  it('reads an External Client App policy type jsforce has no schema for', async () => {
    // jsforce's bundled type list predates External Client Apps, hence the cast.
    const ecaPolicyType = 'ExtlClntAppOauthConfigurablePolicies' as Parameters<
      Connection['metadata']['read']
    >[0];
    const [policy, missing] = (await connect().metadata.read(ecaPolicyType, [
      'Storefront_Orders_oauthPlcy',
      'Nope_oauthPlcy',
    ])) as unknown as Record<string, unknown>[];
    expect(policy).toMatchObject({
      fullName: 'Storefront_Orders_oauthPlcy',
      clientCredentialsFlowUser: 'storefront.integration@example.com',
      isClientCredentialsFlowEnabled: 'true',
      permittedUsersPolicyType: 'AdminApprovedPreAuthorized',
    });
    expect(missing).toEqual({});
  });

  it('lists ConnectedApps', async () => {
    const list = await connect().metadata.list([{ type: 'ConnectedApp' }]);
    expect(list.map((p) => [p.fullName, p.fileName, p.type, p.manageableState])).toEqual([
      ['Billing_Sync', 'connectedApps/Billing_Sync.connectedApp', 'ConnectedApp', 'unmanaged'],
      ['Ledger_Export', 'connectedApps/Ledger_Export.connectedApp', 'ConnectedApp', 'unmanaged'],
    ]);
    expect(list[0]).toMatchObject({
      id: '0H4000000000000AAA',
      createdByName: 'Grace Okafor',
      lastModifiedDate: '2026-07-15T10:30:00.000Z',
    });
    expect(await connect().metadata.list([{ type: 'PermissionSet' }])).toEqual([]);
  });

  it('fails 11 names with sf:EXCEEDED_ID_LIMIT', async () => {
    const names = Array.from({ length: 11 }, (_, i) => `App_${i}`);
    await expect(connect().metadata.read('ConnectedApp', names)).rejects.toMatchObject({
      errorCode: 'sf:EXCEEDED_ID_LIMIT',
      message:
        'EXCEEDED_ID_LIMIT: record limit reached. cannot submit more than 10 records in this operation',
    });
  });

  it('fails a user without Modify Metadata with sf:INSUFFICIENT_ACCESS', async () => {
    await expect(
      connect(LIMITED_TOKEN).metadata.read('ConnectedApp', ['Billing_Sync']),
    ).rejects.toMatchObject({
      errorCode: 'sf:INSUFFICIENT_ACCESS',
    });
  });

  it('fails a bad token with INVALID_SESSION_ID', async () => {
    await expect(
      connect('bad-token').metadata.list([{ type: 'ConnectedApp' }]),
    ).rejects.toMatchObject({
      errorCode: 'sf:INVALID_SESSION_ID',
      message: 'INVALID_SESSION_ID: Invalid Session ID found in SessionHeader: Illegal Session',
    });
  });
});
