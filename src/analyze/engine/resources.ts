// What a finding is about: the resources a rule examines by its scope, and the resource a rule's
// report names (an integration, an app, a manifest entry or a project file).

import type { Manifest, ManifestIntegration } from '../../manifest/schema.js';
import type { FindingResource } from '../../model/finding.js';
import type { ClientApp } from '../../model/org.js';
import type { OrgSnapshot } from '../../model/snapshot.js';
import type { RuleMeta } from '../define-rule.js';
import { secretFiles } from '../source-files.js';
import type { Integration, ResourceRef, SourceFileRef } from '../types.js';

export interface Resolved {
  /** The app the finding belongs to: for a manifest entry the app it names, which may not exist. */
  app: Pick<ClientApp, 'name'>;
  resource: FindingResource;
}

/** Every resource a rule examines: the not-evaluated and error paths report each of them. */
export function scopeTargets(
  meta: RuleMeta,
  integrations: readonly Integration[],
  manifest: Manifest | undefined,
  snapshot: OrgSnapshot,
): Resolved[] {
  switch (meta.scope) {
    case 'app':
      return integrations.map((i) => appResource(i.app));
    case 'manifest-integration': {
      // A name listed twice is examined once (the manifest loader warns about it).
      const seen = new Set<string>();
      return (manifest?.integrations ?? []).flatMap((entry) => {
        if (seen.has(entry.name)) return [];
        seen.add(entry.name);
        return [manifestResource(entry)];
      });
    }
    case 'source-file': {
      const files = secretFiles(snapshot);
      const withSecrets = new Set(files.map((f) => f.app));
      return [
        ...files.map((f) => sourceFileResource({ sourceFile: f.file, app: f.app })),
        ...integrations.filter((i) => !withSecrets.has(i.app.name)).map((i) => appResource(i.app)),
      ];
    }
    case 'run-as-user':
      return integrations.flatMap((i) => (i.username === undefined ? [] : [userResource(i)]));
  }
}

/** The resources of one integration a rule examines (for a manifest entry: those naming its app). */
export function integrationTargets(
  meta: RuleMeta,
  integration: Integration,
  manifest: Manifest | undefined,
  snapshot: OrgSnapshot,
): Resolved[] {
  const all = scopeTargets(meta, [integration], manifest, snapshot);
  return meta.scope === 'manifest-integration' || meta.scope === 'source-file'
    ? all.filter((t) => t.app.name === integration.app.name)
    : all;
}

export function appResource(app: ClientApp): Resolved {
  return { app, resource: { type: app.type, name: app.name } };
}

function manifestResource(entry: ManifestIntegration): Resolved {
  return { app: { name: entry.app }, resource: { type: 'ManifestIntegration', name: entry.name } };
}

function sourceFileResource(ref: SourceFileRef): Resolved {
  return { app: { name: ref.app }, resource: { type: 'SourceFile', name: ref.sourceFile } };
}

export function userResource(integration: Integration): Resolved {
  if (integration.username === undefined)
    throw new Error(`${integration.app.name} has no run-as user to report on`);
  const id = integration.user?.id;
  return {
    app: integration.app,
    resource: { type: 'User', ...(id === undefined ? {} : { id }), name: integration.username },
  };
}

function isClientApp(ref: ResourceRef): ref is ClientApp {
  return 'clientCredentialsEnabled' in ref;
}

function isSourceFile(ref: ResourceRef): ref is SourceFileRef {
  return 'sourceFile' in ref;
}

function isManifestIntegration(ref: ResourceRef): ref is ManifestIntegration {
  return !isSourceFile(ref) && !isClientApp(ref) && typeof ref.app === 'string';
}

/** The resource a rule's report names, by the rule's scope. */
export function resolveRef(
  meta: RuleMeta,
  ref: ResourceRef,
  integrations: readonly Integration[],
): Resolved {
  if (meta.scope === 'manifest-integration') {
    if (!isManifestIntegration(ref))
      throw new Error(`${meta.id} reports on manifest integrations: pass a manifest entry`);
    return manifestResource(ref);
  }
  if (meta.scope === 'source-file' && isSourceFile(ref)) return sourceFileResource(ref);
  if (isSourceFile(ref) || isManifestIntegration(ref))
    throw new Error(`${meta.id} (scope ${meta.scope}) cannot report on this resource`);
  if (meta.scope === 'app' || meta.scope === 'source-file')
    return appResource(isClientApp(ref) ? ref : ref.app);
  if (!isClientApp(ref)) return userResource(ref);
  const integration = integrations.find((i) => i.app.name === ref.name);
  if (integration === undefined)
    throw new Error(`${ref.name} is not an integration: a run-as user rule cannot report on it`);
  return userResource(integration);
}

/** One key per resource: a rule reports each at most once. */
export function keyOf(target: Resolved): string {
  return [target.app.name, target.resource.type, target.resource.name.toLowerCase()].join('\u0000');
}
