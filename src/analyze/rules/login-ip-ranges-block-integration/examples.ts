import { BASE, BASE_MANIFEST, baseManifest, snapshot } from '../../testing/snapshot-builder.js';

/** The manifest both examples are evaluated with: Billing_Callback calls from 203.0.113.10. */
export const manifest = baseManifest();

/** A custom integration profile whose login IP range holds the billing egress address. */
const withRange = (start: string, end: string) =>
  snapshot()
    .with((s) => {
      const profile = s.profiles.find((p) => p.fullName === BASE.integrationProfile);
      if (profile === undefined) return;
      s.profiles.push({
        ...structuredClone(profile),
        fullName: 'Billing Integration',
        name: 'Billing Integration',
        custom: true,
        loginIpRanges: [{ start, end, description: 'Billing egress' }],
      });
    })
    .withProfile(BASE.ecaUser, 'Billing Integration');

/** The range 203.0.113.0-203.0.113.15 holds the declared egress IP. */
export const pass = withRange('203.0.113.0', '203.0.113.15').build();

/** The range was narrowed to 203.0.113.32-203.0.113.47 when the network team renumbered. */
export const fail = withRange('203.0.113.32', '203.0.113.47').build();

export const profileWithRange = withRange;
export const ECA_EGRESS = BASE_MANIFEST.ecaEgressIp;
