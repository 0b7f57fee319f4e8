// The shapes of the generated orgs (issue 12): how many of each thing `bench:gen` writes per scale.

export const SCALES = ['small', 'medium', 'enterprise'] as const;
export type Scale = (typeof SCALES)[number];

export interface GenerateOptions {
  scale: Scale;
  /** PRNG seed (default 1): the same seed and options write the same bytes. */
  seed?: number;
  /** Client-credentials apps (at most 500); run-as users follow at 2 apps per 5. */
  apps?: number;
  /** Field permissions of each ordinary permission set (at most 1,000). */
  fieldsPerSet?: number;
}

export interface ScaleShape {
  /** Every fixture user, run-as users included (the emulator adds its auditor on top). */
  users: number;
  apps: number;
  runAsUsers: number;
  /** Custom profiles; the four standard ones come with the emulator. */
  profiles: number;
  permissionSets: number;
  /** Field permissions of an ordinary permission set. */
  fieldsPerSet: number;
  /** Every `bigSetEvery`-th permission set (0: none) has `bigSetFields` field permissions. */
  bigSetEvery: number;
  bigSetFields: number;
  /** Object permissions of each permission set and of each custom profile. */
  objectsPerSet: number;
  objectsPerProfile: number;
  /** Permission set groups, each with its own muting permission set. */
  groups: number;
  /** Permission set and group assignments of the fixture (not the profiles' own). */
  assignments: number;
  loginHistory: number;
  auditTrail: number;
  /** Custom objects `Gen_Object_NNN__c`, each with `FIELDS_PER_OBJECT` permissionable fields. */
  customObjects: number;
}

export const FIELDS_PER_OBJECT = 30;
export const MAX_APPS = 500;
export const MAX_FIELDS_PER_SET = 1_000;

export const SHAPES: Readonly<Record<Scale, ScaleShape>> = {
  small: {
    users: 511,
    apps: 10,
    runAsUsers: 8,
    profiles: 10,
    permissionSets: 50,
    fieldsPerSet: 200,
    bigSetEvery: 0,
    bigSetFields: 0,
    objectsPerSet: 20,
    objectsPerProfile: 20,
    groups: 5,
    assignments: 1_000,
    loginHistory: 2_000,
    auditTrail: 500,
    customObjects: 100,
  },
  medium: {
    users: 5_051,
    apps: 50,
    runAsUsers: 20,
    profiles: 50,
    permissionSets: 300,
    fieldsPerSet: 333,
    bigSetEvery: 0,
    bigSetFields: 0,
    objectsPerSet: 40,
    objectsPerProfile: 40,
    groups: 20,
    assignments: 10_000,
    loginHistory: 20_000,
    auditTrail: 5_000,
    customObjects: 100,
  },
  // 2,970 sets × 317 + 30 × 2,000 ≈ 1,000,000 field permissions;
  // 3,000 × 70 + 500 × 80 = 250,000 object permissions.
  enterprise: {
    users: 50_000,
    apps: 300,
    runAsUsers: 120,
    profiles: 500,
    permissionSets: 3_000,
    fieldsPerSet: 317,
    bigSetEvery: 100,
    bigSetFields: 2_000,
    objectsPerSet: 70,
    objectsPerProfile: 80,
    groups: 200,
    assignments: 100_000,
    loginHistory: 200_000,
    auditTrail: 50_000,
    customObjects: 100,
  },
};

/** The shape of a run: the scale's preset with the overrides applied and checked. */
export function shapeOf(options: GenerateOptions): ScaleShape {
  const base = SHAPES[options.scale];
  if (base === undefined) throw new RangeError(`unknown scale ${options.scale}`);
  const shape = { ...base };
  if (options.apps !== undefined) {
    if (!Number.isInteger(options.apps) || options.apps < 1 || options.apps > MAX_APPS)
      throw new RangeError(`--apps must be an integer from 1 to ${MAX_APPS}`);
    shape.apps = options.apps;
    shape.runAsUsers = Math.max(1, Math.round((options.apps * 2) / 5));
  }
  if (options.fieldsPerSet !== undefined) {
    const m = options.fieldsPerSet;
    if (!Number.isInteger(m) || m < 0 || m > MAX_FIELDS_PER_SET)
      throw new RangeError(`--fields-per-set must be an integer from 0 to ${MAX_FIELDS_PER_SET}`);
    shape.fieldsPerSet = m;
  }
  // A set's fields come from the objects it grants: enough objects for its largest field list.
  const widest = Math.max(shape.fieldsPerSet, shape.bigSetEvery > 0 ? shape.bigSetFields : 0);
  shape.objectsPerSet = Math.max(shape.objectsPerSet, Math.ceil(widest / FIELDS_PER_OBJECT));
  shape.customObjects = Math.max(shape.customObjects, shape.objectsPerSet, shape.objectsPerProfile);
  // Run-as users are users too: the org has at least them and one person.
  shape.users = Math.max(shape.users, shape.runAsUsers + 1);
  return shape;
}
