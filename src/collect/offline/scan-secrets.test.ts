import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { ProjectError } from '../../metadata/errors.js';
import {
  findSecrets,
  scanSecrets,
  scanSecretsFrom,
  type SecretScanSource,
} from './scan-secrets.js';

const SECRET = 'A1B2C3D4E5F6A7B8C9D0E1F2A3B4C5D6E7F8A9B0C1D2E3F4A5B6C7D8E9F0A1B2';

describe('findSecrets', () => {
  it('finds a non-empty <consumerSecret> at the line of its tag', () => {
    const xml = [
      '<ConnectedApp>',
      '  <oauthConfig>',
      `    <consumerSecret>${SECRET}</consumerSecret>`,
      '  </oauthConfig>',
      '</ConnectedApp>',
    ].join('\n');
    expect(findSecrets(xml)).toEqual([{ line: 3, kind: 'consumerSecret' }]);
  });

  it('finds a value that starts on the next line', () => {
    expect(findSecrets(`<consumerSecret>\n   ${SECRET}\n</consumerSecret>`)).toEqual([
      { line: 1, kind: 'consumerSecret' },
    ]);
  });

  it.each([
    ['an empty element', '<consumerSecret></consumerSecret>'],
    ['a self-closing element', '<consumerSecret/>'],
    ['whitespace only', '<consumerSecret>\n  </consumerSecret>'],
    [
      'another element of the same stem',
      '<isConsumerSecretOptional>false</isConsumerSecretOptional>',
    ],
    ['a rotation switch', '<shouldRotateConsumerSecret>true</shouldRotateConsumerSecret>'],
  ])('ignores %s', (_name, text) => {
    expect(findSecrets(text)).toEqual([]);
  });

  it.each([
    'PRIVATE KEY',
    'RSA PRIVATE KEY',
    'EC PRIVATE KEY',
    'OPENSSH PRIVATE KEY',
    'ENCRYPTED PRIVATE KEY',
    'PGP PRIVATE KEY BLOCK',
  ])('finds a PEM %s block', (label) => {
    expect(findSecrets(`key:\n\n-----BEGIN ${label}-----\nMIIB\n-----END ${label}-----\n`)).toEqual(
      [{ line: 3, kind: 'privateKey' }],
    );
  });

  it('finds a Salesforce access token (org id, !, token) at its line', () => {
    const token = `00D5g000004SaMp!AQ4AQF${'x'.repeat(90)}.yZ`;
    expect(findSecrets(`# call\nexport SF_ACCESS_TOKEN=${token}\n`)).toEqual([
      { line: 2, kind: 'accessToken' },
    ]);
    // The 18-character form of the org id too.
    expect(findSecrets(`"token": "00D5g000004SaMpLEA!${'A'.repeat(60)}"`)).toEqual([
      { line: 1, kind: 'accessToken' },
    ]);
  });

  it.each([
    ['an org id alone', '<orgId>00D5g000004SaMp</orgId>'],
    ['an org id and a short suffix', '00D5g000004SaMp!short'],
    [
      'a consumer key',
      '<consumerKey>3MVG9GpuYsjEOGus6KUML97uBF6OE4968qzQ8N6knuK8wNo0Sfn</consumerKey>',
    ],
    ['an org id inside a longer identifier', `x00D5g000004SaMp!${'A'.repeat(60)}`],
  ])('ignores %s', (_name, text) => {
    expect(findSecrets(text)).toEqual([]);
  });

  it('ignores certificates and public keys', () => {
    const text = [
      '-----BEGIN CERTIFICATE-----',
      'MIIB',
      '-----END CERTIFICATE-----',
      '-----BEGIN PUBLIC KEY-----',
      'MIIB',
      '-----END PUBLIC KEY-----',
    ].join('\n');
    expect(findSecrets(text)).toEqual([]);
  });

  it('reports every secret of a text, in order, with Windows line ends', () => {
    const text = `a\r\n-----BEGIN PRIVATE KEY-----\r\nx\r\n-----END PRIVATE KEY-----\r\n<consumerSecret>s</consumerSecret>\r\n`;
    expect(findSecrets(text)).toEqual([
      { line: 2, kind: 'privateKey' },
      { line: 5, kind: 'consumerSecret' },
    ]);
  });
});

describe('scanSecrets', () => {
  let root = '';
  afterEach(async () => {
    if (root !== '') await rm(root, { recursive: true, force: true });
    root = '';
  });

  async function project(files: Record<string, string | Buffer>): Promise<string> {
    root = await mkdtemp(join(tmpdir(), 'runas-guard-scan-'));
    for (const [file, content] of Object.entries(files)) {
      const path = join(root, ...file.split('/'));
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, content);
    }
    return root;
  }

  it('scans only the package directories, names the app of app files, never the value', async () => {
    const dir = await project({
      'force-app/main/default/connectedApps/Billing.connectedApp-meta.xml': `<ConnectedApp>\n<consumerSecret>${SECRET}</consumerSecret>\n</ConnectedApp>`,
      'force-app/main/default/certs/signing.key': '-----BEGIN RSA PRIVATE KEY-----\nMIIE\n',
      'force-app/.env': 'X=1\n-----BEGIN PRIVATE KEY-----\n',
      'outside/secret.key': '-----BEGIN PRIVATE KEY-----\n',
      'emulator.json': '{"clients":[{"consumerSecret":"x"}]}',
    });
    const found = await scanSecrets(dir, ['force-app'], {
      appOfFile: new Map([
        ['force-app/main/default/connectedApps/Billing.connectedApp-meta.xml', 'Billing'],
      ]),
    });
    expect(found).toEqual([
      { file: 'force-app/.env', line: 2, kind: 'privateKey' },
      { file: 'force-app/main/default/certs/signing.key', line: 1, kind: 'privateKey' },
      {
        file: 'force-app/main/default/connectedApps/Billing.connectedApp-meta.xml',
        line: 2,
        kind: 'consumerSecret',
        app: 'Billing',
      },
    ]);
    expect(JSON.stringify(found)).not.toContain(SECRET);
  });

  it('excludes the files it is told to, and node_modules and .git', async () => {
    const dir = await project({
      'emulator.json': '-----BEGIN PRIVATE KEY-----',
      'node_modules/pkg/test.key': '-----BEGIN PRIVATE KEY-----',
      '.git/objects/k': '-----BEGIN PRIVATE KEY-----',
      'src/ok.txt': 'nothing here',
    });
    expect(await scanSecrets(dir, ['.'], { exclude: new Set(['emulator.json']) })).toEqual([]);
  });

  it('reports a PKCS#12 key store by its name: it is binary', async () => {
    const dir = await project({ 'force-app/certs/client.p12': Buffer.from([0x30, 0x82, 0x0a]) });
    expect(await scanSecrets(dir, ['force-app'])).toEqual([
      { file: 'force-app/certs/client.p12', line: 1, kind: 'privateKey' },
    ]);
  });

  it('does not follow symbolic links out of the project', async () => {
    const outside = await mkdtemp(join(tmpdir(), 'runas-guard-outside-'));
    try {
      await writeFile(join(outside, 'real.key'), '-----BEGIN PRIVATE KEY-----\n');
      const dir = await project({ 'force-app/readme.txt': 'hello' });
      await symlink(join(outside, 'real.key'), join(dir, 'force-app', 'linked.key'));
      await symlink(outside, join(dir, 'force-app', 'linked-dir'));
      expect(await scanSecrets(dir, ['force-app'])).toEqual([]);
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });

  it('finds a marker cut by a read boundary, at its right line, in a file larger than a chunk', async () => {
    // 1 MiB chunks: put the header across the first boundary, after many lines.
    const line = `${'x'.repeat(99)}\n`;
    const lines = Math.floor((1024 * 1024 - 10) / line.length);
    const head = line.repeat(lines);
    const pad = 'y'.repeat(1024 * 1024 - 10 - head.length);
    const text = `${head}${pad}-----BEGIN PRIVATE KEY-----\n${line.repeat(20_000)}<consumerSecret>v</consumerSecret>\n`;
    const dir = await project({ 'force-app/big.txt': text });
    expect(await scanSecrets(dir, ['force-app'])).toEqual([
      { file: 'force-app/big.txt', line: lines + 1, kind: 'privateKey' },
      { file: 'force-app/big.txt', line: lines + 2 + 20_000, kind: 'consumerSecret' },
    ]);
  });

  it('reads binary files without failing and finds text markers in them', async () => {
    const bytes = Buffer.concat([
      Buffer.from([0xff, 0xfe, 0x00, 0xc3]),
      Buffer.from('\n-----BEGIN EC PRIVATE KEY-----'),
    ]);
    const dir = await project({ 'force-app/staticresources/bundle.resource': bytes });
    expect(await scanSecrets(dir, ['force-app'])).toEqual([
      { file: 'force-app/staticresources/bundle.resource', line: 2, kind: 'privateKey' },
    ]);
  });

  it('stays linear on input built to make the patterns backtrack', () => {
    const hostile = '<consumerSecret '.repeat(100_000) + ' '.repeat(100_000);
    expect(findSecrets(hostile)).toEqual([]);
  });
});

describe('scanSecretsFrom (a file source other than the disk: preflight’s git trees)', () => {
  const FILES: Record<string, string> = {
    'force-app/main/default/connectedApps/Billing.connectedApp-meta.xml': `<ConnectedApp>\n<consumerSecret>${SECRET}</consumerSecret>\n</ConnectedApp>`,
    'force-app/main/default/certs/signing.key': '-----BEGIN RSA PRIVATE KEY-----\nMIIE\n',
    'force-app/.env': 'X=1\n-----BEGIN PRIVATE KEY-----\n',
    'force-app/node_modules/dep/key.pem': '-----BEGIN PRIVATE KEY-----\n',
    'force-app/sub/.git/x.key': '-----BEGIN PRIVATE KEY-----\n',
    'force-app/store.p12': 'binary',
    'outside/secret.key': '-----BEGIN PRIVATE KEY-----\n',
    'emulator.json': '{"clients":[{"consumerSecret":"x"}]}',
  };
  const reads: string[] = [];
  const source: SecretScanSource = {
    files: (dir) => Object.keys(FILES).filter((f) => dir === '' || f.startsWith(`${dir}/`)),
    read: (file, maxBytes) => {
      reads.push(file);
      const text = FILES[file];
      if (text !== undefined && Buffer.byteLength(text) > maxBytes)
        return Promise.reject(new ProjectError('FILE_TOO_LARGE', 'too large', { file }));
      return Promise.resolve(text);
    },
  };
  let root = '';
  afterEach(async () => {
    if (root !== '') await rm(root, { recursive: true, force: true });
    root = '';
  });

  it('finds what the disk scan finds in the same files, with the same exclusions', async () => {
    root = await mkdtemp(join(tmpdir(), 'runas-guard-scan-from-'));
    for (const [file, content] of Object.entries(FILES)) {
      const path = join(root, ...file.split('/'));
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, content);
    }
    const options = {
      appOfFile: new Map([
        ['force-app/main/default/connectedApps/Billing.connectedApp-meta.xml', 'Billing'],
      ]),
      exclude: new Set(['emulator.json']),
    };
    reads.length = 0;
    const fromSource = await scanSecretsFrom(source, ['force-app', '.'], options);
    expect(fromSource).toEqual(await scanSecrets(root, ['force-app', '.'], options));
    expect(fromSource.map((s) => s.file)).toContain('force-app/.env');
    expect(fromSource.map((s) => s.file)).not.toContain('force-app/node_modules/dep/key.pem');
    // A key store is reported by its name, unread; an excluded file is never read.
    expect(reads).not.toContain('force-app/store.p12');
    expect(reads).not.toContain('emulator.json');
  });

  it('a file past the bytes left to scan is a ProjectError naming it', async () => {
    const big: SecretScanSource = {
      files: () => ['force-app/a.txt'],
      read: (file) =>
        Promise.reject(new ProjectError('FILE_TOO_LARGE', 'larger than 1 bytes', { file })),
    };
    await expect(scanSecretsFrom(big, ['force-app'])).rejects.toThrow(
      /force-app\/a\.txt.*bytes to scan for secrets/,
    );
  });
});
