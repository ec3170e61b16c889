/**
 * Usage-line parser and documentation registry: the notation's rules one by one, the published form of
 * annotated lines, and every entry of the data parsing without error.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseUsage, plainUsage, type DocArg } from './usage.js';
import { commandDoc, documentedNames } from './index.js';

/** A compact rendering of a tree for assertions: name:type, then token, flags and key spec index. */
function brief(args: readonly DocArg[]): string {
  return args.map((a) => {
    let s = `${a.name}:${a.type}`;
    if (a.token !== undefined) s += ` ${JSON.stringify(a.token)}`;
    if (a.keySpecIndex !== undefined) s += ` #${a.keySpecIndex}`;
    if (a.since !== undefined) s += ` +${a.since}`;
    if (a.deprecatedSince !== undefined) s += ` -${a.deprecatedSince}`;
    if (a.optional) s += ' ?';
    if (a.multiple) s += ' *';
    if (a.multipleToken) s += ' *tok';
    if (a.args !== undefined) s += ` (${brief(a.args)})`;
    return s;
  }).join(', ');
}

test('names, types by name, tokens, optional and one-of groups, annotations', () => {
  const set = parseUsage('SET key value condition=[NX | XX]{+2.6.12} [GET]{+6.2.0} expiration=[EX seconds | PXAT unix-time-milliseconds{+6.2.0}]', 1);
  assert.equal(brief(set), 'key:key #0, value:string, condition:oneof +2.6.12 ? (nx:pure-token "NX", xx:pure-token "XX"), ' +
    'get:pure-token "GET" +6.2.0 ?, expiration:oneof ? (seconds:integer "EX", unix-time-milliseconds:unix-time "PXAT" +6.2.0)');
  assert.equal(brief(parseUsage('X timeout{integer} [count{double}]', 1)), 'timeout:integer, count:double ?');
  assert.equal(brief(parseUsage('X ip:port{-2.8.12} new_id="$" empty=""', 1)), 'ip:port:string -2.8.12, new_id:pure-token "$", empty:pure-token ""');
});

test('repetitions: multiple, multiple_token, repeated blocks and a repeated one-of', () => {
  assert.equal(brief(parseUsage('DEL key [key ...]', 1)), 'key:key #0 *');
  assert.equal(brief(parseUsage('X [KEYS key [key ...]]', 1)), 'key:key "KEYS" #0 ? *');
  assert.equal(brief(parseUsage('X [GET pattern{#1} [GET pattern ...]]', 1)), 'pattern:pattern "GET" #1 ? * *tok');
  assert.equal(brief(parseUsage('MSET data=(key value) [key value ...]', 1)), 'data:block * (key:key #0, value:string)');
  assert.equal(brief(parseUsage('X [A | b [A | b ...]]', 1)), 'a_b:oneof ? * (a:pure-token "A", b:string)');
});

test('blocks: a token before (...) or <...> belongs to the group; unnamed groups get default names', () => {
  assert.equal(brief(parseUsage('X [LIMIT (offset count)]', 1)), 'limit:block "LIMIT" ? (offset:integer, count:integer)');
  assert.equal(brief(parseUsage('X [COUNT count [ANY]]', 1)), 'count_any:block ? (count:integer "COUNT", any:pure-token "ANY" ?)');
  assert.equal(brief(parseUsage('X [TYPE <A | B>]', 1)), 'type:oneof "TYPE" ? (a:pure-token "A", b:pure-token "B")');
  assert.equal(brief(parseUsage('CLIENT X <host port | NO ONE>', 2)), 'host_port_no_one:oneof (host_port:block (host:string, port:integer), no_one:block (no:pure-token "NO", one:pure-token "ONE"))');
  assert.equal(brief(parseUsage('X src dst other{key #5} k2{key}', 1)), 'src:key #0, dst:key #1, other:key #5, k2:key #3');
});

test('malformed lines are refused with the line in the message', () => {
  assert.throws(() => parseUsage('SET [key', 1), /unclosed|unbalanced/);
  assert.throws(() => parseUsage('SET key [value ...]', 1), /repeats nothing/);
  assert.throws(() => parseUsage('SET key{bogus}', 1), /unknown annotation bogus/);
  assert.throws(() => parseUsage('SET key ]', 1), /unexpected/);
});

test('plainUsage gives the published line', () => {
  assert.equal(plainUsage('ZADD key condition=[NX | XX]{+3.0.2} change=[CH]{+3.0.2} data=(score member) [score member ...]'),
    'ZADD key [NX | XX] [CH] score member [score member ...]');
  assert.equal(plainUsage('XADD key id_or_auto=<auto_id="*" | id> trim=[<MAXLEN | MINID> operator=[equal="=" | approximately="~"] threshold]'),
    'XADD key <* | id> [<MAXLEN | MINID> [= | ~] threshold]');
  assert.equal(plainUsage(String.raw`MIGRATE host key_or_empty_string=<key | empty_string="">`), 'MIGRATE host <key | "">');
});

test('every documented command parses; the registry answers by full name', () => {
  const names = documentedNames();
  assert.ok(names.length >= 360, `${names.length} documented names`);
  for (const n of names) assert.equal(commandDoc(n)?.fullName, n);
  assert.equal(commandDoc('nosuchcommand'), null);
  const kill = commandDoc('client|kill');
  assert.equal(kill?.group, 'connection');
  assert.deepEqual(kill?.history[0], ['2.8.12', 'Added new filter format.']);
  assert.equal(plainUsage(String.raw`SET k`), 'SET k');
  const set = commandDoc('set');
  assert.equal(set?.keySpecs[0].notes, 'RW and ACCESS due to the optional `GET` argument');
  assert.deepEqual(commandDoc('keys')?.tips, ['request_policy:all_shards', 'nondeterministic_output_order']);
});
