import assert from 'node:assert/strict';
import { findUnstorableText, isStorableText, toStorableText, unstorableTextReason } from './text.ts';

Deno.test('ordinary text, emoji and every plane are storable', () => {
  for (const text of ['', 'hello', 'línea\ttab\nnewline', '日本語', '👍🏽 family 👨‍👩‍👧', '\u{10FFFF}', '\uFFFD']) {
    assert.equal(isStorableText(text), true, JSON.stringify(text));
  }
});

Deno.test('NUL anywhere is refused, and said so', () => {
  for (const text of ['\u0000', 'a\u0000', '\u0000b', 'x'.repeat(1000) + '\u0000']) {
    assert.match(unstorableTextReason(text) ?? '', /NUL character/);
  }
});

Deno.test('a surrogate without its partner is refused; a proper pair is not', () => {
  for (const text of ['\ud800', 'a\ud800b', '\udc00', 'x\udfff', '\ud83d', '\ude00\ud83d', '\ud800\ud800']) {
    assert.match(unstorableTextReason(text) ?? '', /lone UTF-16 surrogate/, JSON.stringify(text));
  }
  assert.equal(unstorableTextReason('\ud83d\ude00'), null);
});

Deno.test('findUnstorableText names the path of the first bad string in nested JSON', () => {
  assert.equal(findUnstorableText({ a: 1, b: ['ok', { c: 'ok' }] }), null);
  assert.deepEqual(findUnstorableText({ prompt: 'fine', messages: [{ content: 'ok' }, { content: 'x\u0000' }] })?.path, 'messages[1].content');
  assert.deepEqual(findUnstorableText('\ud800')?.path, '');
  assert.deepEqual(findUnstorableText([['\ud800']])?.path, '[0][0]');
});

Deno.test('a bad object key is found without echoing the key', () => {
  const found = findUnstorableText({ outer: { 'bad\u0000key': 1 } });
  assert.equal(found?.path, 'outer');
  assert.match(found?.reason ?? '', /field name/);
  assert.ok(!found?.path.includes('\u0000'));
});

Deno.test('toStorableText drops NUL, replaces lone surrogates, and keeps everything else as it was', () => {
  assert.equal(toStorableText('a\u0000b'), 'ab');
  assert.equal(toStorableText('x\ud800y\udc00z'), 'x\uFFFDy\uFFFDz');
  assert.equal(toStorableText('\ud83d\u0000\ude00'), '😀', 'a pair split by a NUL is a pair again');
  const fine = 'emoji 😀, tab\t, accents é';
  assert.equal(toStorableText(fine), fine);
  for (const text of ['\u0000', '\ud800\ud800', 'a\udfff\u0000']) assert.equal(isStorableText(toStorableText(text)), true, JSON.stringify(text));
});
