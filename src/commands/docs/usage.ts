/**
 * Usage-line parser: turns a command's documented usage line (the one printed at the top of each page of the
 * Redis command reference, e.g. `SET key value [NX | XX] [GET]`) into the argument tree that COMMAND DOCS
 * returns (name, type, token, flags optional/multiple/multiple_token, key_spec_index, since, deprecated_since).
 *
 * Why a parser instead of a hand-written tree per argument: the usage line is the form people read and check
 * against the documentation, and it is ten times shorter than the tree. What the published line does not say
 * is written inline, in a notation that disappears when stripped (plainUsage()):
 *   name=ITEM       the argument's name when it is not the word shown (`condition=[NX | XX]`, `new_id="$"`)
 *   ITEM{...}       annotations, space separated: a type (`integer`, `double`, `key`, `string`, `pattern`,
 *                   `unix-time`) when the name's usual type (TYPE_BY_NAME) is not the one; `+7.0.0` since;
 *                   `-2.8.12` deprecated since; `#1` key_spec_index (`#none` for a key without one)
 *   (a b)           a block the published line shows without brackets (`LIMIT (offset count)`)
 *   "~"             a token that is not a plain word (`""` is the empty-string token)
 * The published notation itself: `[x]` optional, `<a | b>` one of, `x [x ...]` multiple (with the token
 * repeated: multiple_token), `<a | b [a | b ...]>` a repeated one-of, UPPERCASE words are tokens, a token
 * followed by a lowercase word is that argument's token, a token followed by `<…>` or `(…)` is the group's.
 * Keys get key_spec_index 0, 1, 2 ... in the order they appear unless annotated.
 */

export type ArgType = 'key' | 'string' | 'integer' | 'double' | 'pattern' | 'unix-time' | 'pure-token' | 'oneof' | 'block';

export interface DocArg {
  name: string;
  type: ArgType;
  keySpecIndex?: number;
  token?: string;
  since?: string;
  deprecatedSince?: string;
  optional: boolean;
  multiple: boolean;
  multipleToken: boolean;
  args?: DocArg[];
}

const SIMPLE_TYPES: ReadonlySet<string> = new Set(['key', 'string', 'integer', 'double', 'pattern', 'unix-time']);

/** The usual type of an argument by its name; anything else is a string unless annotated. */
const TYPE_BY_NAME: ReadonlyMap<string, ArgType> = buildTypeTable({
  key: 'destination destkey dst key key1 key2 newkey source sourcekey src',
  integer:
    'bit bits client-id cluster_bus_port config-epoch count cursor db decrement destination-db end end-slot ' +
    'entries_added entries_read frequency increment index index1 index2 len limit milliseconds ms num-matches ' +
    'numkeys numreplicas offset port protover rank seconds slot start start-slot stop ttl version weight',
  'unix-time': 'unix-time-milliseconds unix-time-seconds',
  double: 'height latitude longitude radius score timeout width',
  pattern: 'pattern',
});

function buildTypeTable(byType: Record<string, string>): Map<string, ArgType> {
  const m = new Map<string, ArgType>();
  for (const [type, names] of Object.entries(byType)) for (const n of names.split(' ')) m.set(n, type as ArgType);
  return m;
}

// ---- lexer ----

type LexKind = 'open' | 'close' | 'bar' | 'ellipsis' | 'name' | 'token' | 'label' | 'annot';

interface Lexeme {
  kind: LexKind;
  text: string;
}

const LEX_RE = /\s*(?:(\.\.\.)|([[<(])|([\]>)])|(\|)|\{([^}]*)\}|"([^"]*)"|([a-z][a-z0-9_:/-]*)=|([A-Za-z0-9][A-Za-z0-9_:/-]*))/y;
const TOKEN_WORD = /^[A-Z][A-Z0-9_-]*$/;

function lex(line: string): Lexeme[] {
  const out: Lexeme[] = [];
  LEX_RE.lastIndex = 0;
  while (LEX_RE.lastIndex < line.length) {
    if (/^\s*$/.test(line.slice(LEX_RE.lastIndex))) break;
    const at = LEX_RE.lastIndex;
    const m = LEX_RE.exec(line);
    if (m === null) throw new Error(`usage: cannot read "${line.slice(at, at + 20)}" in: ${line}`);
    if (m[1] !== undefined) out.push({ kind: 'ellipsis', text: '...' });
    else if (m[2] !== undefined) out.push({ kind: 'open', text: m[2] });
    else if (m[3] !== undefined) out.push({ kind: 'close', text: m[3] });
    else if (m[4] !== undefined) out.push({ kind: 'bar', text: '|' });
    else if (m[5] !== undefined) out.push({ kind: 'annot', text: m[5] });
    else if (m[6] !== undefined) out.push({ kind: 'token', text: m[6] });
    else if (m[7] !== undefined) out.push({ kind: 'label', text: m[7] });
    else out.push({ kind: TOKEN_WORD.test(m[8]) ? 'token' : 'name', text: m[8] });
  }
  return out;
}

/** The published form of a lexeme, or null for the notation's own marks (labels, annotations, parentheses). */
function plainText(l: Lexeme): string | null {
  if (l.kind === 'label' || l.kind === 'annot') return null;
  if ((l.kind === 'open' && l.text === '(') || (l.kind === 'close' && l.text === ')')) return null;
  if (l.kind === 'token' && !TOKEN_WORD.test(l.text)) return l.text === '' ? '""' : l.text;
  return l.text;
}

function joinPlain(lexemes: readonly Lexeme[], from: number, to: number): string {
  let s = '';
  for (let i = from; i < to; i++) {
    const t = plainText(lexemes[i]);
    if (t === null) continue;
    if (s !== '' && !s.endsWith('[') && !s.endsWith('<') && t !== ']' && t !== '>') s += ' ';
    s += t;
  }
  return s;
}

/** The usage line as the command reference prints it (notation marks removed). */
export function plainUsage(line: string): string {
  const lx = lex(line);
  return joinPlain(lx, 0, lx.length);
}

// ---- parser ----

/** A parsed argument and where its text lies (to recognise `x [x ...]` repetitions). */
interface Item {
  arg: DocArg;
  /** Lexeme range of the whole item, and of the part after its token. */
  start: number;
  coreStart: number;
  end: number;
  /** Name given by a label (kept when the default name of a group is computed). */
  labelled: boolean;
}

class UsageParser {
  private pos = 0;
  private readonly labelled = new Set<DocArg>();

  constructor(private readonly lx: Lexeme[], private readonly line: string) {}

  fail(what: string): never {
    throw new Error(`usage: ${what} at lexeme ${this.pos} in: ${this.line}`);
  }

  parseAll(skipWords: number): DocArg[] {
    for (let i = 0; i < skipWords; i++) {
      if (this.lx[this.pos]?.kind !== 'token') this.fail('command name expected');
      this.pos++;
    }
    const { items } = this.parseSeq(-1);
    if (this.pos !== this.lx.length) this.fail('unexpected ' + this.lx[this.pos].text);
    const args = items.map((i) => i.arg);
    this.finish(args, { keys: 0 });
    return args;
  }

  /** Items up to a `|`, a closing bracket or the end; groupStart >= 0 inside a group (for `<a | b [a | b ...]>`). */
  private parseSeq(groupStart: number): { items: Item[]; repeatsGroup: boolean } {
    const items: Item[] = [];
    for (;;) {
      const l = this.lx[this.pos];
      if (l === undefined || l.kind === 'close' || l.kind === 'bar') return { items, repeatsGroup: false };
      const close = l.kind === 'open' && l.text === '[' ? this.repetitionClose(this.pos) : -1;
      if (close < 0) {
        items.push(this.parseItem());
        continue;
      }
      const inner = joinPlain(this.lx, this.pos + 1, close - 1);
      const last = items[items.length - 1];
      if (last !== undefined && joinPlain(this.lx, last.start, last.end) === inner) {
        last.arg.multiple = true;
        last.arg.multipleToken = last.arg.token !== undefined;
      } else if (last !== undefined && joinPlain(this.lx, last.coreStart, last.end) === inner) {
        last.arg.multiple = true;
      } else if (groupStart >= 0 && joinPlain(this.lx, groupStart, this.pos) === inner) {
        this.pos = close + 1;
        return { items, repeatsGroup: true };
      } else this.fail(`"${inner} ..." repeats nothing before it`);
      this.pos = close + 1;
      if (last !== undefined) this.annotate(last.arg);
    }
  }

  /** If the `[` at `open` closes with `...]`, the index of that `]`; else -1. */
  private repetitionClose(open: number): number {
    let depth = 0;
    for (let i = open; i < this.lx.length; i++) {
      const l = this.lx[i];
      if (l.kind === 'open') depth++;
      else if (l.kind === 'close' && --depth === 0) return this.lx[i - 1].kind === 'ellipsis' ? i : -1;
    }
    return this.fail('unbalanced [');
  }

  private parseItem(): Item {
    const start = this.pos;
    let label: string | undefined;
    if (this.lx[this.pos].kind === 'label') label = this.lx[this.pos++].text;
    const l = this.lx[this.pos];
    let coreStart = this.pos;
    let arg: DocArg;
    if (l.kind === 'name') {
      this.pos++;
      arg = simpleArg(l.text);
    } else if (l.kind === 'token') {
      this.pos++;
      coreStart = this.pos;
      const next = this.lx[this.pos];
      if (next?.kind === 'name') {
        this.pos++;
        arg = simpleArg(next.text);
      } else if (next?.kind === 'open' && next.text !== '[') {
        arg = this.parseGroup();
      } else {
        arg = newArg(l.text.toLowerCase(), 'pure-token');
        coreStart = start;
      }
      arg.token = l.text;
    } else if (l.kind === 'open') {
      arg = this.parseGroup();
    } else return this.fail('argument expected, got ' + l.text);
    const end = this.pos;
    this.annotate(arg);
    if (label !== undefined) {
      arg.name = label;
      this.labelled.add(arg);
    }
    return { arg, start, coreStart, end, labelled: label !== undefined };
  }

  private parseGroup(): DocArg {
    const open = this.lx[this.pos++].text;
    const groupStart = this.pos;
    const alts: Item[][] = [];
    let repeated = false;
    for (;;) {
      const { items, repeatsGroup } = this.parseSeq(groupStart);
      alts.push(items);
      repeated ||= repeatsGroup;
      const l = this.lx[this.pos++];
      if (l?.kind === 'bar' && !repeatsGroup) continue;
      if (l?.kind !== 'close' || l.text !== ({ '[': ']', '<': '>', '(': ')' } as Record<string, string>)[open]) {
        this.pos--;
        this.fail('unclosed ' + open);
      }
      break;
    }
    let arg: DocArg;
    if (alts.length > 1) arg = groupArg('oneof', alts.map((items) => (items.length === 1 ? items[0].arg : groupArg('block', items.map((i) => i.arg)))));
    else if (open === '(' || alts[0].length !== 1) arg = groupArg('block', alts[0].map((i) => i.arg));
    else arg = alts[0][0].arg;
    if (alts.some((a) => a.length === 0)) this.fail('empty alternative');
    if (open === '[') arg.optional = true;
    if (repeated) {
      if (arg.type !== 'oneof') this.fail('only a one-of repeats as a whole');
      arg.multiple = true;
    }
    return arg;
  }

  /** Applies the `{...}` annotations following an item. */
  private annotate(arg: DocArg): void {
    while (this.lx[this.pos]?.kind === 'annot') {
      for (const a of this.lx[this.pos++].text.split(/\s+/).filter(Boolean)) {
        if (a[0] === '+') arg.since = a.slice(1);
        else if (a[0] === '-') arg.deprecatedSince = a.slice(1);
        else if (a === '#none') arg.keySpecIndex = -1;
        else if (a[0] === '#') arg.keySpecIndex = Number(a.slice(1));
        else if (SIMPLE_TYPES.has(a)) arg.type = a as ArgType;
        else this.fail('unknown annotation ' + a);
      }
    }
  }

  /** Default names of unlabelled groups, and key_spec_index numbering in order of appearance. */
  private finish(args: DocArg[], keys: { keys: number }): void {
    for (const a of args) {
      if (a.args !== undefined) {
        this.finish(a.args, keys);
        if (!this.labelled.has(a)) a.name = a.token !== undefined ? a.token.toLowerCase() : a.args.map((x) => x.name).join('_');
      }
      if (a.type === 'key') {
        if (a.keySpecIndex === undefined) a.keySpecIndex = keys.keys;
        keys.keys++;
      }
      if (a.keySpecIndex === -1) a.keySpecIndex = undefined;
    }
  }
}

function newArg(name: string, type: ArgType): DocArg {
  return { name, type, optional: false, multiple: false, multipleToken: false };
}

function simpleArg(name: string): DocArg {
  return newArg(name, TYPE_BY_NAME.get(name) ?? 'string');
}

function groupArg(type: 'oneof' | 'block', args: DocArg[]): DocArg {
  return { ...newArg('', type), args };
}

/** Parses a usage line whose first `commandWords` words are the command's (and subcommand's) name. */
export function parseUsage(line: string, commandWords: number): DocArg[] {
  return new UsageParser(lex(line), line).parseAll(commandWords);
}
