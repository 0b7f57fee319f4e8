// The data of each facet, as a rule reads it through ctx.facet (docs/adr/0012-rule-facets.md).

import type { Facet, OrgSnapshot } from '../../model/snapshot.js';
import type { FacetData } from '../types.js';

export function facetData<F extends Facet>(snapshot: OrgSnapshot, facet: F): FacetData[F] {
  const data: { [K in Facet]: () => FacetData[K] } = {
    apps: () => snapshot.apps,
    users: () => snapshot.users,
    userLogin: () => snapshot.users,
    access: () => ({
      profiles: snapshot.profiles,
      permissionSets: snapshot.permissionSets,
      mutingPermissionSets: snapshot.mutingPermissionSets,
      permissionSetGroups: snapshot.permissionSetGroups,
      assignments: snapshot.assignments,
      objects: snapshot.objects,
    }),
    profilePolicies: () => ({ profiles: snapshot.profiles }),
    sessionSettings: () => ({ profiles: snapshot.profiles }),
    loginHistory: () => snapshot.loginHistory,
    auditTrail: () => snapshot.auditTrail,
    oauthTokens: () => snapshot.oauthTokens,
    projectFiles: () => ({
      project: snapshot.project,
      ...(snapshot.sourceSecrets === undefined ? {} : { sourceSecrets: snapshot.sourceSecrets }),
    }),
  };
  return data[facet]();
}
