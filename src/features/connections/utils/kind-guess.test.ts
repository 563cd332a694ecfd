import { describe, expect, it } from 'vitest';
import { guessKind } from './kind-guess';
import { isPrivateHost, isPrivateUrl } from './network';

const kinds = [
  { id: 'openai', category: 'cloud', default_base_url: 'https://api.openai.com' },
  { id: 'openrouter', category: 'cloud', default_base_url: 'https://openrouter.ai' },
  { id: 'groq', category: 'cloud', default_base_url: 'https://api.groq.com' },
  { id: 'ollama', category: 'self_hosted', default_base_url: 'http://localhost:11434' },
  { id: 'lmstudio', category: 'self_hosted', default_base_url: 'http://localhost:1234' },
  { id: 'openai_compatible', category: 'self_hosted', default_base_url: null },
];

describe('guessKind', () => {
  it.each([
    ['https://api.openai.com/v1', 'openai'],
    ['https://API.OpenAI.com', 'openai'],
    ['https://openrouter.ai/api/v1', 'openrouter'],
    ['https://api.groq.com/openai/v1', 'groq'],
    ['http://localhost:11434', 'ollama'],
    ['http://192.168.1.20:11434/v1', 'ollama'],
    ['http://127.0.0.1:1234/v1', 'lmstudio'],
    ['http://gpu-box:8000/v1', 'openai_compatible'],
    ['https://llm.example.com/v1', 'openai_compatible'],
    ['not a url', 'openai_compatible'],
  ])('%s is %s', (url, kind) => {
    expect(guessKind(url, kinds)).toBe(kind);
  });

  it('does not guess a host that merely contains a provider name', () => {
    expect(guessKind('https://api.openai.com.evil.example/v1', kinds)).toBe('openai_compatible');
  });
});

describe('private addresses', () => {
  it.each(['localhost', 'app.localhost', '127.0.0.1', '10.0.0.5', '172.20.1.1', '192.168.0.10', '169.254.1.1', '100.101.102.103', '[::1]', 'fd12:3456::1', 'fe80::1', 'nas', 'gpu.local', 'box.lan', 'server.home.arpa'])(
    '%s is private',
    (host) => {
      expect(isPrivateHost(host)).toBe(true);
    },
  );

  it.each(['api.openai.com', '8.8.8.8', '172.32.0.1', '2606:4700::1111', 'example.com'])('%s is public', (host) => {
    expect(isPrivateHost(host)).toBe(false);
  });

  it('reads whole URLs and refuses anything but http(s)', () => {
    expect(isPrivateUrl('http://localhost:11434')).toBe(true);
    expect(isPrivateUrl(' http://[::1]:8080/v1 ')).toBe(true);
    expect(isPrivateUrl('https://api.openai.com')).toBe(false);
    expect(isPrivateUrl('ftp://localhost')).toBe(false);
    expect(isPrivateUrl('localhost:11434')).toBe(false);
  });
});
