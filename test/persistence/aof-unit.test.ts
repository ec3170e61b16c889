/**
 * AOF pieces without a server: the manifest format Redis 7.0 writes (parse, serialize, quoting, errors),
 * the command reader on whole, truncated and mutated input (fuzz: AofLoadError or a clean result, never
 * another exception).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AofManifest, ManifestError } from '../../src/persistence/aof-manifest.js';
import { AofCommandReader, AofLoadError } from '../../src/persistence/aof-loader.js';
import { encodeCommand } from '../helpers/resp.js';

test('manifest: parses what Redis 7.0 writes and writes it back the same', () => {
  const text = 'file appendonly.aof.2.base.rdb seq 2 type b\nfile appendonly.aof.2.incr.aof seq 2 type i\nfile appendonly.aof.3.incr.aof seq 3 type i\n';
  const m = AofManifest.parse(text, 'appendonly.aof');
  assert.equal(m.base?.name, 'appendonly.aof.2.base.rdb');
  assert.deepEqual(m.incrs.map((f) => f.seq), [2, 3]);
  assert.equal(m.serialize(), text);
  const next = m.nextIncr();
  assert.equal(next.name, 'appendonly.aof.4.incr.aof');
  const base = m.newBase(false, [next]);
  assert.equal(base.name, 'appendonly.aof.3.base.aof');
  assert.deepEqual(m.history.map((f) => f.name), ['appendonly.aof.2.base.rdb', 'appendonly.aof.2.incr.aof', 'appendonly.aof.3.incr.aof']);
  assert.ok(m.serialize().includes('type h'));
});

test('manifest: quoted names and malformed lines', () => {
  const m = AofManifest.parse('file "my file.aof" seq 1 type b\n# comment\n', 'my file.aof');
  assert.equal(m.base?.name, 'my file.aof');
  assert.equal(m.serialize(), 'file "my file.aof" seq 1 type b\n');
  assert.throws(() => AofManifest.parse('file x seq 1\n', 'x'), ManifestError);
  assert.throws(() => AofManifest.parse('file a/b seq 1 type b\n', 'x'), ManifestError);
  assert.throws(() => AofManifest.parse('', 'x'), ManifestError);
  assert.throws(() => AofManifest.parse('file a seq 2 type i\nfile b seq 1 type i\n', 'x'), ManifestError);
});

test('command reader: whole input, truncation at every byte, and mutations', () => {
  const cmds = [['SELECT', '0'], ['SET', 'k', 'v\r\nx'], ['RPUSH', 'l', '', '\x00\xff']];
  const text = cmds.map(encodeCommand).join('');
  const all = (s: string): (string[] | 'truncated')[] => {
    const r = new AofCommandReader(s, 0);
    const out: (string[] | 'truncated')[] = [];
    for (let c = r.next(); c !== null; c = r.next()) {
      out.push(c);
      if (c === 'truncated') break;
    }
    return out;
  };
  assert.deepEqual(all(text), cmds);
  for (let cut = 1; cut < text.length; cut++) {
    const got = all(text.slice(0, cut));
    const complete = got.filter((c) => c !== 'truncated');
    assert.deepEqual(complete, cmds.slice(0, complete.length));
    const boundary = cmds.slice(0, complete.length).map(encodeCommand).join('').length === cut;
    assert.equal(got[got.length - 1] === 'truncated', !boundary, `cut ${cut}`);
  }
  let seed = 7;
  for (let i = 0; i < 2000; i++) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    const pos = seed % text.length;
    const m = text.slice(0, pos) + String.fromCharCode(seed % 256) + text.slice(pos + 1);
    try {
      all(m);
    } catch (e) {
      assert.ok(e instanceof AofLoadError, String(e));
    }
  }
});
