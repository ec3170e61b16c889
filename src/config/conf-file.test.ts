import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, readFileSync, statSync, readdirSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ConfigFileError, ConfigOpenError, directives, formatMemory, memToU64, parseCommandLine, reprString,
  rewriteConfigText, writeFileAtomic, yesNo, REWRITE_SIGNATURE,
} from './conf-file.js';

const all = (text: string) => [...directives(text)].map((d) => [d.lineNo, ...d.argv]);

test('directives: comments, blank lines, trimming, lowercase names, quoting', () => {
  const text = '# comment\n\n  PORT   7000  \r\n\trequirepass "a b\\x41\\n"\nbind \'127.0.0.1\' ::1\n   # indented comment\n';
  assert.deepEqual(all(text), [
    [3, 'port', '7000'],
    [4, 'requirepass', 'a bA\n'],
    [5, 'bind', '127.0.0.1', '::1'],
  ]);
});

test('directives: unbalanced quotes fail at their line, after the earlier lines were yielded', () => {
  const it = directives('port 1\nport "x\nport 2\n');
  assert.deepEqual(it.next().value?.argv, ['port', '1']);
  assert.throws(() => it.next(), (e: unknown) => e instanceof ConfigFileError && e.lineNo === 2 && e.line === 'port "x'
    && e.reason === 'Unbalanced quotes in configuration line');
});

test('directives: include is expanded in place, recursively, with its own line numbers', () => {
  const dir = mkdtempSync(join(tmpdir(), 'redoubt-conf-'));
  writeFileSync(join(dir, 'inner.conf'), '# inner\nhz 20\n');
  writeFileSync(join(dir, 'mid.conf'), `include ${join(dir, 'inner.conf')}\ntimeout 5\n`);
  assert.deepEqual(all(`port 1\ninclude ${join(dir, 'mid.conf')}\nport 2`), [
    [1, 'port', '1'], [2, 'hz', '20'], [2, 'timeout', '5'], [3, 'port', '2'],
  ]);
  assert.throws(() => all('include /nonexistent/x.conf'), (e: unknown) => e instanceof ConfigOpenError
    && e.message === "Fatal error, can't open config file '/nonexistent/x.conf': No such file or directory");
  assert.throws(() => all('include a b'), (e: unknown) => e instanceof ConfigFileError && e.reason === 'Bad directive or wrong number of arguments');
});

test('FATAL block is byte for byte what redis-server prints', () => {
  const e = new ConfigFileError(3, 'port abc', "argument couldn't be parsed into an integer");
  assert.equal(e.format(), "\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\nReading the configuration file, at line 3\n>>> 'port abc'\nargument couldn't be parsed into an integer\n");
});

test('memory units as memtoull: k=1000 kb=1024 m mb g gb b, any case, digits only', () => {
  const cases: [string, bigint | null][] = [
    ['0', 0n], ['', 0n], ['k', 0n], ['1k', 1000n], ['1kb', 1024n], ['1K', 1000n], ['5KB', 5120n], ['1m', 1000000n],
    ['1mb', 1048576n], ['1Mb', 1048576n], ['1g', 1000000000n], ['1gb', 1073741824n], ['2GB', 2147483648n], ['5b', 5n],
    ['00012', 12n], ['1.5m', null], ['-1', null], ['+5', null], [' 5', null], ['5 kb', null], ['5t', null], ['0x10', null],
    ['99999999999999999999999', 18446744073709551615n], ['99999999999gb', 15140462030378500096n],
  ];
  for (const [s, v] of cases) assert.equal(memToU64(s), v, s);
  assert.equal(formatMemory(0), '0');
  assert.equal(formatMemory(2147483648), '2gb');
  assert.equal(formatMemory(104857600), '100mb');
  assert.equal(formatMemory(3072), '3kb');
  assert.equal(formatMemory(1000), '1000');
});

test('yes/no booleans are case-insensitive and strict', () => {
  assert.equal(yesNo('YES'), true);
  assert.equal(yesNo('no'), false);
  assert.equal(yesNo('No'), false);
  assert.equal(yesNo('1'), null);
  assert.equal(yesNo('true'), null);
});

test('command line: file first, --options become quoted lines, `-` reads stdin, --save alone means ""', () => {
  assert.deepEqual(parseCommandLine(['/etc/r.conf', '--port', '7000', '--loglevel', 'verbose']),
    { configFile: '/etc/r.conf', fromStdin: false, options: 'port "7000" \nloglevel "verbose" ' });
  assert.deepEqual(parseCommandLine(['-', '--port', '1']), { configFile: null, fromStdin: true, options: 'port "1" ' });
  assert.deepEqual(parseCommandLine(['--port', '1', '-']), { configFile: null, fromStdin: true, options: 'port "1" ' });
  assert.equal(parseCommandLine(['--loglevel', 'x', '-', '--port', '1']).options, 'loglevel "x" "-" \nport "1" ');
  assert.equal(parseCommandLine(['--save', '--port', '1']).options, 'save ""\nport "1" ');
  assert.equal(parseCommandLine(['--save']).options, 'save ""');
  assert.equal(parseCommandLine(['--port', '--foo']).options, 'port "--foo" ');
  assert.equal(parseCommandLine(['--port 6380 7']).options, 'port 6380 7 ');
  assert.equal(parseCommandLine(['--replicaof', '127.0.0.1', '6379']).options, 'replicaof "127.0.0.1" "6379" ');
});

test('reprString quotes like sdscatrepr', () => {
  assert.equal(reprString('a"b\\c\nd\x01\xff'), '"a\\"b\\\\c\\nd\\x01\\xff"');
  assert.equal(reprString(''), '""');
});

const keyOf = (argv: string[]): string | null => {
  const n = argv[0].toLowerCase();
  return n === 'slave-read-only' ? 'replica-read-only' : n;
};

test('rewrite: replaces in place, keeps comments and unknown lines, appends after the signature', () => {
  const original = '# My config\nport 7000\n# timeout comment\ntimeout 300\nslave-read-only yes\nrename-command FLUSHALL ""\n';
  const out = rewriteConfigText(original, [
    { name: 'port', lines: ['port 7000'], force: false },
    { name: 'timeout', lines: ['timeout 0'], force: false },
    { name: 'replica-read-only', lines: ['replica-read-only yes'], force: false },
    { name: 'hz', lines: ['hz 20'], force: true },
    { name: 'maxmemory', lines: ['maxmemory 0'], force: false },
  ], { keyOf });
  assert.equal(out, '# My config\nport 7000\n# timeout comment\ntimeout 0\nreplica-read-only yes\nrename-command FLUSHALL ""\n\n'
    + `${REWRITE_SIGNATURE}\nhz 20\n`);
});

test('rewrite: extra old lines of a rewritten key are removed; blank runs collapse; stable when repeated', () => {
  const entries = [
    { name: 'save', lines: ['save 60 5'], force: true },
    { name: 'replicaof', lines: [], force: true },
  ];
  const original = 'save 900 1\nsave 300 10\n\n\nreplicaof 1.2.3.4 6379\nport 1\n';
  const once = rewriteConfigText(original, entries, { keyOf });
  // Like Redis, the file's final newline leaves an empty last line (collapsed with any blank run).
  assert.equal(once, 'save 60 5\n\nport 1\n\n');
  assert.equal(rewriteConfigText(once, entries, { keyOf }), once);
  const hz = [{ name: 'hz', lines: ['hz 5'], force: true }];
  const first = rewriteConfigText('port 1\n', hz, { keyOf });
  assert.equal(first, `port 1\n\n${REWRITE_SIGNATURE}\nhz 5\n`);
  const second = rewriteConfigText(first, hz, { keyOf });
  assert.equal(second, first + '\n');
  assert.equal(rewriteConfigText(second, hz, { keyOf }), second);
});

test('rewrite: per-line force (client-output-buffer-limit style)', () => {
  const out = rewriteConfigText('client-output-buffer-limit pubsub 32mb 8mb 60\n', [
    { name: 'client-output-buffer-limit', lines: ['c normal 1mb 2mb 3', 'c slave 256mb 64mb 60', 'c pubsub 32mb 8mb 60'], force: [true, false, false] },
  ], { keyOf });
  assert.equal(out, 'c normal 1mb 2mb 3\n\n');
});

test('writeFileAtomic replaces the file, keeps its mode and leaves no temp file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'redoubt-atomic-'));
  const p = join(dir, 'r.conf');
  writeFileSync(p, 'old\n');
  chmodSync(p, 0o600);
  writeFileAtomic(p, 'new\n');
  assert.equal(readFileSync(p, 'utf8'), 'new\n');
  assert.equal(statSync(p).mode & 0o777, 0o600);
  assert.deepEqual(readdirSync(dir), ['r.conf']);
});
