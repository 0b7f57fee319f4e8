// The app's policy file in an SFDX project, for `suggest` to update (docs/suggest.md): a Connected
// App's own file, or the External Client App's OAuth policies file (whichever file names the app in
// `externalClientApplication`, whatever the file is called).

import { INPUT_CAPS } from '../files/index.js';
import { loadProjectMetadata } from '../metadata/project-metadata.js';
import { readCapped } from '../metadata/project.js';
import type { ClientApp } from '../model/org.js';
import type { PolicySource } from './files.js';

/** The project file holding the app's pre-authorization, or undefined when the project has none. */
export async function findPolicySource(
  dir: string,
  app: Pick<ClientApp, 'type' | 'name'>,
): Promise<PolicySource | undefined> {
  const metadata = await loadProjectMetadata(dir);
  const lower = app.name.toLowerCase();
  const found = metadata.components.find(({ component }) =>
    app.type === 'ConnectedApp'
      ? component.type === 'ConnectedApp' && component.fullName.toLowerCase() === lower
      : component.type === 'ExtlClntAppOauthConfigurablePolicies' &&
        typeof component.content.externalClientApplication === 'string' &&
        component.content.externalClientApplication.toLowerCase() === lower,
  );
  if (found === undefined) return undefined;
  const text = await readCapped(dir, found.source.file, INPUT_CAPS.metadata);
  return text === undefined ? undefined : { file: found.source.file, text };
}
