/**
 * Connections a user must not be able to point at a cloud metadata service (issue 11, item 5),
 * through PostgREST as the app saves them: each base URL is refused when it is saved (a 4xx from
 * PostgREST), or, if the row is stored, refused when it is probed (discovery answers a 4xx and
 * health records an unhealthy check), never a 5xx.
 *
 * Only URLs the functions refuse without any network are ever probed here (a metadata host in any
 * spelling, a scheme other than http(s), userinfo, a host no URL parser accepts): the live stack
 * allows private endpoints, and nothing in this suite may send a packet off loopback. The policy
 * with private endpoints off, redirects and DNS answers is covered by the functions' SSRF corpus
 * (supabase/functions/_shared/net/ssrf-corpus.test.ts) with an injected resolver and transport.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isMetadataHost } from '../../supabase/functions/_shared/core/metadata.ts';
import { anonKey, createClientAs, createTestUser, functionsUrl, serviceRoleKey, type TestUser } from './support/stack.ts';

const METADATA_URLS = [
  'http://169.254.169.254',
  'http://169.254.169.254/latest/meta-data/',
  'http://169.254.169.254:80',
  'https://169.254.169.254',
  'http://2852039166',
  'http://0xa9fea9fe',
  'http://0xA9.0xFE.0xA9.0xFE',
  'http://0251.0376.0251.0376',
  'http://169.254.43518',
  'http://169.254.169.254.',
  'http://%31%36%39.254.169.254',
  'http://\uff11\uff16\uff19.\uff12\uff15\uff14.\uff11\uff16\uff19.\uff12\uff15\uff14',
  'http://[::ffff:169.254.169.254]',
  'http://[::ffff:a9fe:a9fe]',
  'http://[0:0:0:0:0:ffff:a9fe:a9fe]',
  'http://[fd00:ec2::254]',
  'http://[FD00:0EC2:0000:0000:0000:0000:0000:0254]',
  'http://metadata.google.internal',
  'http://METADATA.GOOGLE.INTERNAL.',
  'http://computeMetadata.metadata.google.internal/computeMetadata/v1/',
  'http://metadata',
  'http://instance-data',
  'http://169.254.170.2/v2/credentials',
  'http://100.100.100.200',
  'http://168.63.129.16',
];

/** Not metadata, but refused without DNS all the same: the database or the guard must stop them. */
const OTHER_UNREACHABLE_URLS = ['file:///etc/passwd', 'gopher://127.0.0.1:70/', 'http://user:pass@169.254.169.254', 'http://127.0.0.1%00.example.com', 'http://'];

/** True when the functions refuse this URL before any lookup or connection (see the top). */
function refusedWithoutNetwork(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return true;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return true;
  if (parsed.username || parsed.password) return true;
  return isMetadataHost(parsed.hostname);
}

let alice: TestUser;

beforeAll(async () => {
  alice = await createTestUser();
});

afterAll(async () => {
  if (alice) await createClientAs(serviceRoleKey).auth.admin.deleteUser(alice.user.id);
});

async function callFunction(name: string, body: unknown): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${functionsUrl}/${name}`, {
    method: 'POST',
    headers: { apikey: anonKey, Authorization: `Bearer ${alice.session.access_token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: JSON.parse(text) };
}

describe('a connection pointing at cloud metadata (or refused without DNS)', () => {
  it('is refused when saved (4xx from PostgREST) or when probed (4xx, an unhealthy check), never a 5xx', async () => {
    const outcomes: string[] = [];
    const problems: string[] = [];
    for (const [index, url] of [...METADATA_URLS, ...OTHER_UNREACHABLE_URLS].entries()) {
      // Every entry must be one the guard refuses offline, or probing it could leave this machine.
      expect(refusedWithoutNetwork(url), url).toBe(true);
      const saved = await alice.client.from('connections').insert({ kind: 'ollama', name: `Metadata ${index}`, base_url: url }).select('id').single();
      if (saved.error) {
        outcomes.push(`${url}: refused at save (${saved.status} ${saved.error.code})`);
        if (saved.status < 400 || saved.status >= 500) problems.push(`${url}: saving answered ${saved.status} ${saved.error.message}`);
        continue;
      }
      const id = saved.data.id as string;
      const discovery = await callFunction('discovery', { connection_id: id });
      const health = await callFunction('health', { connection_ids: [id] });
      const check = (health.body as { results?: Array<{ status: string; error_code?: string }> }).results?.[0];
      outcomes.push(`${url}: saved; discovery ${discovery.status}, health ${health.status} ${check?.status ?? ''} ${check?.error_code ?? ''}`);
      if (discovery.status < 400 || discovery.status >= 500) problems.push(`${url}: saved, and discovery answered ${discovery.status} ${JSON.stringify(discovery.body)}`);
      const healthRefused = (health.status >= 400 && health.status < 500) || (health.status === 200 && check?.status === 'unhealthy');
      if (!healthRefused) problems.push(`${url}: saved, and health answered ${health.status} ${JSON.stringify(health.body)}`);
    }
    console.log(`[connections-ssrf] ${outcomes.length} base URLs:\n  ${outcomes.join('\n  ')}`);
    expect(problems, problems.join('\n')).toEqual([]);
  });
});
