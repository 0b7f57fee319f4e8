// The SOQL feature table of docs/emulator.md ("SOQL"): what the emulator answers, what it rejects as
// Salesforce does, and what it does not evaluate yet. Each row is a test (features.test.ts runs its
// example on the org of org.ts), and the test checks that the doc's table holds exactly these rows.

export type FeatureStatus = 'supported' | 'rejected' | 'not yet supported';

export interface SoqlFeature {
  feature: string;
  /** A query on the org of org.ts. */
  example: string;
  status: FeatureStatus;
  /** supported: the totalSize of the answer on that org. */
  totalSize?: number;
  /** rejected and not yet supported: Salesforce's code and text (the text after any Row/Column prefix). */
  errorCode?: string;
  message?: string;
  /** Where the behaviour comes from: DOC, OBS, UNCONFIRMED (the emulator's guess) or emulator. */
  source: string;
}

const notSupported = (what: string): string =>
  `The Salesforce emulator does not support ${what} in SOQL.`;

export const SOQL_FEATURES: readonly SoqlFeature[] = [
  // ---- supported -------------------------------------------------------------------------------
  {
    feature: 'fields, parent paths, FROM alias',
    example: 'SELECT u.Id, u.Profile.UserLicense.Name FROM User u',
    status: 'supported',
    totalSize: 4,
    source: 'DOC',
  },
  {
    feature: 'FIELDS(STANDARD), FIELDS(ALL) with LIMIT 200',
    example: 'SELECT FIELDS(ALL) FROM Account LIMIT 200',
    status: 'supported',
    totalSize: 4,
    source: 'DOC',
  },
  {
    feature: 'child subquery with WHERE, ORDER BY, LIMIT',
    example: 'SELECT Id, (SELECT Id FROM LoginHistories ORDER BY LoginTime DESC LIMIT 1) FROM User',
    status: 'supported',
    totalSize: 4,
    source: 'DOC',
  },
  {
    feature: 'OFFSET in a child subquery under LIMIT 1',
    example: 'SELECT Id, (SELECT Id FROM LoginHistories LIMIT 1 OFFSET 1) FROM User LIMIT 1',
    status: 'supported',
    totalSize: 1,
    source: 'DOC',
  },
  {
    feature: 'comparison, IN, NOT IN, LIKE, INCLUDES, EXCLUDES',
    example:
      "SELECT Id FROM Account WHERE Name LIKE '%a%' AND Industry IN ('Food', 'Retail') AND Tags__c INCLUDES ('Retail')",
    status: 'supported',
    totalSize: 2,
    source: 'DOC',
  },
  {
    feature: 'AND, OR, NOT with parentheses',
    example: "SELECT Id FROM User WHERE IsActive = true AND (NOT Name LIKE 'G%')",
    status: 'supported',
    totalSize: 2,
    source: 'DOC',
  },
  {
    feature: 'date and datetime literals, TODAY, LAST_N_DAYS:n',
    example: 'SELECT Id FROM LoginHistory WHERE LoginTime = LAST_N_DAYS:1',
    status: 'supported',
    totalSize: 4,
    source: 'DOC',
  },
  {
    feature: 'semi-join and anti-join (at most two, top-level AND)',
    example:
      "SELECT Id FROM User WHERE Id IN (SELECT AssigneeId FROM PermissionSetAssignment) AND Id NOT IN (SELECT UserId FROM LoginHistory WHERE LoginType = 'Application')",
    status: 'supported',
    totalSize: 2,
    source: 'DOC',
  },
  {
    feature: 'ORDER BY with NULLS FIRST / LAST, LIMIT, OFFSET up to 2000',
    example: 'SELECT Id FROM User ORDER BY LastLoginDate DESC NULLS LAST LIMIT 2 OFFSET 1',
    status: 'supported',
    totalSize: 2,
    source: 'DOC',
  },
  {
    feature:
      'ORDER BY, MIN and MAX of a picklist in its value set order; values outside the set after it',
    example:
      'SELECT Industry, MIN(Name) FROM Account WHERE Industry != null GROUP BY Industry ORDER BY Industry',
    status: 'supported',
    totalSize: 2,
    source: 'DOC; values outside the set OBS, their order among themselves UNCONFIRMED',
  },
  {
    feature: 'COUNT()',
    example: 'SELECT COUNT() FROM User WHERE IsActive = true',
    status: 'supported',
    totalSize: 3,
    source: 'DOC',
  },
  {
    feature: 'aggregates, GROUP BY, HAVING, aliases of aggregates and grouped fields',
    example:
      "SELECT UserId u, COUNT(Id) n FROM LoginHistory WHERE LoginType = 'Remote Access 2.0' GROUP BY UserId HAVING COUNT(Id) > 1",
    status: 'supported',
    totalSize: 2,
    source: 'DOC',
  },
  // ---- rejected as Salesforce does ---------------------------------------------------------------
  {
    feature: 'alias of a field outside an aggregate query (a missing comma)',
    example: 'SELECT Id Username FROM User',
    status: 'rejected',
    errorCode: 'MALFORMED_QUERY',
    message: 'only aggregate expressions use field aliasing',
    source: 'OBS (many); the Row/Column prefix UNCONFIRMED',
  },
  {
    feature: 'OFFSET over 2000',
    example: 'SELECT Id FROM User LIMIT 3 OFFSET 2001',
    status: 'rejected',
    errorCode: 'NUMBER_OUTSIDE_VALID_RANGE',
    message: 'Maximum SOQL offset allowed is 2000',
    source: 'DOC (code), OBS (text)',
  },
  {
    feature: 'OFFSET in a child subquery without LIMIT 1 on the parent',
    example: 'SELECT Id, (SELECT Id FROM LoginHistories LIMIT 1 OFFSET 1) FROM User',
    status: 'rejected',
    errorCode: 'MALFORMED_QUERY',
    message: 'OFFSET in a subquery needs LIMIT 1 on the parent query',
    source: 'DOC (code); text UNCONFIRMED',
  },
  {
    feature: 'FIELDS(ALL) or FIELDS(CUSTOM) without LIMIT 200',
    example: 'SELECT FIELDS(ALL) FROM Account',
    status: 'rejected',
    errorCode: 'MALFORMED_QUERY',
    message: 'The SOQL FIELDS function must have a LIMIT of at most 200',
    source: 'DOC (rule), OBS (text)',
  },
  {
    feature: 'semi-join on the queried object',
    example: 'SELECT Id FROM User WHERE ManagerId IN (SELECT Id FROM User)',
    status: 'rejected',
    errorCode: 'MALFORMED_QUERY',
    message: 'The inner and outer selects should not be on the same object type',
    source: 'DOC (rule), OBS (text); code UNCONFIRMED',
  },
  {
    feature: 'semi-join inside a semi-join',
    example:
      'SELECT Id FROM User WHERE Id IN (SELECT AssigneeId FROM PermissionSetAssignment WHERE PermissionSetId IN (SELECT Id FROM PermissionSet))',
    status: 'rejected',
    errorCode: 'MALFORMED_QUERY',
    message: 'Nesting of semi join sub-selects is not supported',
    source: 'DOC (rule), OBS (text); code UNCONFIRMED',
  },
  {
    feature: 'semi-join beside a top-level OR',
    example:
      "SELECT Id FROM User WHERE Name = 'x' OR Id IN (SELECT AssigneeId FROM PermissionSetAssignment)",
    status: 'rejected',
    errorCode: 'MALFORMED_QUERY',
    message: "Semi join sub-selects are not allowed with the 'OR' operator",
    source: 'DOC (rule), OBS (text)',
  },
  {
    feature: 'semi-join under NOT, in a parenthesised OR, or in a child subquery',
    example:
      "SELECT Id FROM User WHERE IsActive = true AND (Name = 'x' OR Id IN (SELECT AssigneeId FROM PermissionSetAssignment))",
    status: 'rejected',
    errorCode: 'MALFORMED_QUERY',
    message:
      'Semi join sub-selects are only allowed at the top level WHERE expressions and not in nested WHERE expressions.',
    source: 'DOC (rule), OBS (text; for NOT and child subqueries UNCONFIRMED)',
  },
  {
    feature: 'more than two semi-joins',
    example:
      'SELECT Id FROM User WHERE Id IN (SELECT AssigneeId FROM PermissionSetAssignment) AND Id IN (SELECT UserId FROM LoginHistory) AND ProfileId IN (SELECT Id FROM Profile)',
    status: 'rejected',
    errorCode: 'MALFORMED_QUERY',
    message: 'Maximum 2 semi join sub-selects are allowed',
    source: 'DOC (rule), OBS (text, one report)',
  },
  {
    feature: 'ORDER BY, LIMIT or OFFSET in a semi-join',
    example:
      'SELECT Id FROM User WHERE Id IN (SELECT AssigneeId FROM PermissionSetAssignment LIMIT 1)',
    status: 'rejected',
    errorCode: 'MALFORMED_QUERY',
    message: 'semi join sub-selects do not support LIMIT',
    source: 'DOC (rule); text UNCONFIRMED',
  },
  {
    feature: 'semi-join selecting a field that is not an Id or reference',
    example: 'SELECT Id FROM User WHERE ProfileId IN (SELECT Name FROM Profile)',
    status: 'rejected',
    errorCode: 'MALFORMED_QUERY',
    message: 'semi join sub-selects must select exactly one Id or reference field',
    source: 'DOC (rule); text UNCONFIRMED',
  },
  {
    feature: 'semi-join selecting a relationship path',
    example: 'SELECT Id FROM User WHERE Id IN (SELECT Assignee.Id FROM PermissionSetAssignment)',
    status: 'rejected',
    errorCode: 'MALFORMED_QUERY',
    message: 'inner select field cannot have more than one level of relationships',
    source: 'DOC (rule), OBS (text, one report)',
  },
  {
    feature: 'semi-join on a relationship path or a non-key field',
    example:
      'SELECT Id FROM PermissionSetAssignment WHERE Assignee.Id IN (SELECT UserId FROM LoginHistory)',
    status: 'rejected',
    errorCode: 'MALFORMED_QUERY',
    message:
      'semi join sub-selects are only allowed on an Id or reference field of the queried object',
    source: 'DOC (rule); text UNCONFIRMED',
  },
  {
    feature: 'a Tooling-only field on the data API (Profile.Metadata, FullName)',
    example: 'SELECT Id, Metadata FROM Profile',
    status: 'rejected',
    errorCode: 'INVALID_FIELD',
    message:
      "No such column 'Metadata' on entity 'Profile'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.",
    source: 'OBS',
  },
  {
    feature: 'SUM or AVG of a non-number, any aggregate of a checkbox or multi-select picklist',
    example: 'SELECT SUM(Name) FROM Account',
    status: 'rejected',
    errorCode: 'MALFORMED_QUERY',
    message: 'field Name does not support aggregate operator SUM',
    source: 'DOC (types), OBS (text)',
  },
  {
    feature: 'an Id or reference field compared with what is no Id',
    example: "SELECT Id FROM User WHERE Id = 'Grace Okafor'",
    status: 'rejected',
    errorCode: 'INVALID_QUERY_FILTER_OPERATOR',
    message: 'invalid ID field: Grace Okafor',
    source: 'OBS (code); text UNCONFIRMED',
  },
  {
    feature: 'LIKE on an Id or reference field',
    example: "SELECT Id FROM User WHERE ProfileId LIKE '00e%'",
    status: 'rejected',
    errorCode: 'INVALID_QUERY_FILTER_OPERATOR',
    message: 'invalid operator on id field',
    source: 'OBS',
  },
  {
    feature: 'GROUP BY a multi-select picklist or a text area',
    example: 'SELECT Tags__c, COUNT(Id) FROM Account GROUP BY Tags__c',
    status: 'rejected',
    errorCode: 'MALFORMED_QUERY',
    message: "field 'Tags__c' can not be grouped in a query call",
    source: 'DOC (types), OBS (text)',
  },
  {
    feature: 'ORDER BY a multi-select picklist',
    example: 'SELECT Id FROM Account ORDER BY Tags__c',
    status: 'rejected',
    errorCode: 'MALFORMED_QUERY',
    message: "field 'Tags__c' can not be sorted in a query call",
    source: 'OBS (text); code OBS in one report',
  },
  {
    feature: 'AND and OR at one level without parentheses',
    example: "SELECT Id FROM User WHERE IsActive = true AND Name = 'a' OR Name = 'b'",
    status: 'rejected',
    errorCode: 'MALFORMED_QUERY',
    message: "unexpected token: 'OR'",
    source: 'OBS',
  },
  {
    feature: 'bind variables (Apex only)',
    example: 'SELECT Id FROM User WHERE Id = :userId',
    status: 'rejected',
    errorCode: 'MALFORMED_QUERY',
    message: "unexpected token: ':'",
    source: 'OBS',
  },
  // ---- not yet supported: MALFORMED_QUERY naming the construct -----------------------------------
  {
    feature: 'TYPEOF',
    example: 'SELECT TYPEOF Owner WHEN User THEN Name END FROM Account',
    status: 'not yet supported',
    errorCode: 'MALFORMED_QUERY',
    message: notSupported('TYPEOF'),
    source: 'emulator',
  },
  {
    feature: 'date functions, toLabel(), FORMAT(), convertCurrency()',
    example: 'SELECT toLabel(Industry) FROM Account',
    status: 'not yet supported',
    errorCode: 'MALFORMED_QUERY',
    message: notSupported('toLabel()'),
    source: 'emulator',
  },
  {
    feature: 'functions in WHERE (CALENDAR_YEAR, DISTANCE, ...)',
    example: 'SELECT Id FROM User WHERE CALENDAR_YEAR(CreatedDate) = 2026',
    status: 'not yet supported',
    errorCode: 'MALFORMED_QUERY',
    message: notSupported('functions in WHERE'),
    source: 'emulator',
  },
  {
    feature: 'GROUP BY ROLLUP / CUBE',
    example: 'SELECT Industry, COUNT(Id) FROM Account GROUP BY ROLLUP(Industry)',
    status: 'not yet supported',
    errorCode: 'MALFORMED_QUERY',
    message: notSupported('GROUP BY functions'),
    source: 'emulator',
  },
  {
    feature: 'USING SCOPE',
    example: 'SELECT Id FROM Account USING SCOPE Mine',
    status: 'not yet supported',
    errorCode: 'MALFORMED_QUERY',
    message: notSupported('USING SCOPE'),
    source: 'emulator',
  },
  {
    feature: 'WITH SECURITY_ENFORCED, USER_MODE, SYSTEM_MODE, DATA CATEGORY',
    example: 'SELECT Id FROM Account WITH SECURITY_ENFORCED',
    status: 'not yet supported',
    errorCode: 'MALFORMED_QUERY',
    message: notSupported('WITH SECURITY_ENFORCED'),
    source: 'emulator',
  },
  {
    feature: 'FOR VIEW, FOR REFERENCE, FOR UPDATE',
    example: 'SELECT Id FROM Account LIMIT 1 FOR VIEW',
    status: 'not yet supported',
    errorCode: 'MALFORMED_QUERY',
    message: notSupported('FOR VIEW'),
    source: 'emulator',
  },
  {
    feature: 'UPDATE TRACKING, UPDATE VIEWSTAT',
    example: 'SELECT Id FROM Account UPDATE TRACKING',
    status: 'not yet supported',
    errorCode: 'MALFORMED_QUERY',
    message: notSupported('UPDATE TRACKING'),
    source: 'emulator',
  },
];

const STATUS_TEXT: Record<FeatureStatus, string> = {
  supported: 'supported',
  rejected: 'rejected as Salesforce does',
  'not yet supported': 'not yet supported',
};

/** The cells of each row of the doc's table: feature, example, emulator's answer, source. */
export function featureTableCells(features: readonly SoqlFeature[] = SOQL_FEATURES): string[][] {
  return features.map((f) => [
    f.feature,
    `\`${f.example}\``,
    f.status === 'supported'
      ? STATUS_TEXT.supported
      : `${STATUS_TEXT[f.status]}: \`${f.errorCode ?? ''}\` ${f.message ?? ''}`,
    f.source,
  ]);
}

/** The doc's table, as it is pasted under "## SOQL" (prettier then aligns it). */
export function renderFeatureTable(): string {
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  return [
    line(['feature', 'example (on the test org)', 'emulator', 'source']),
    line(['---', '---', '---', '---']),
    ...featureTableCells().map(line),
  ].join('\n');
}
