/**
 * Key specs (Redis 7.0's description of where a command's keys are and how it uses them), written as one line
 * each: `FLAGS; BEGIN; FIND[; notes]`, for example `RW access update; index 1; range 0 1 0`.
 *   BEGIN  `index N` (keys start at argv[N]) | `keyword WORD FROM` (after WORD, searched from argv[FROM], a
 *          negative FROM searching backwards from the end) | `unknown`
 *   FIND   `range LASTKEY STEP LIMIT` | `keynum NUMKEYSIDX FIRSTKEY STEP` | `unknown`
 * keysFromSpecs() walks them over an argv the way Redis does for COMMAND GETKEYSANDFLAGS.
 */

export type BeginSearch =
  | { type: 'index'; index: number }
  | { type: 'keyword'; keyword: string; startfrom: number }
  | { type: 'unknown' };

export type FindKeys =
  | { type: 'range'; lastkey: number; keystep: number; limit: number }
  | { type: 'keynum'; keynumidx: number; firstkey: number; keystep: number }
  | { type: 'unknown' };

export interface KeySpec {
  notes?: string;
  flags: string[];
  begin: BeginSearch;
  find: FindKeys;
}

function ints(words: readonly string[], from: number, count: number, line: string): number[] {
  const out = words.slice(from, from + count).map(Number);
  if (out.length !== count || out.some((n) => !Number.isInteger(n))) throw new Error('key spec: numbers expected in: ' + line);
  return out;
}

function parseBegin(part: string, line: string): BeginSearch {
  const w = part.split(' ');
  if (w[0] === 'index') return { type: 'index', index: ints(w, 1, 1, line)[0] };
  if (w[0] === 'keyword' && w.length === 3) return { type: 'keyword', keyword: w[1], startfrom: ints(w, 2, 1, line)[0] };
  if (w[0] === 'unknown') return { type: 'unknown' };
  throw new Error('key spec: bad begin search in: ' + line);
}

function parseFind(part: string, line: string): FindKeys {
  const w = part.split(' ');
  if (w[0] === 'range') {
    const [lastkey, keystep, limit] = ints(w, 1, 3, line);
    return { type: 'range', lastkey, keystep, limit };
  }
  if (w[0] === 'keynum') {
    const [keynumidx, firstkey, keystep] = ints(w, 1, 3, line);
    return { type: 'keynum', keynumidx, firstkey, keystep };
  }
  if (w[0] === 'unknown') return { type: 'unknown' };
  throw new Error('key spec: bad find keys in: ' + line);
}

export function parseKeySpec(line: string): KeySpec {
  const parts = line.split('; ');
  if (parts.length < 3) throw new Error('key spec: FLAGS; BEGIN; FIND expected in: ' + line);
  const spec: KeySpec = { flags: parts[0].split(' '), begin: parseBegin(parts[1], line), find: parseFind(parts[2], line) };
  if (parts.length > 3) spec.notes = parts.slice(3).join('; ');
  return spec;
}

/** Index in argv where a spec's keys begin, or -1 (not found / unknown). */
function beginIndex(b: BeginSearch, argv: readonly string[]): number {
  if (b.type === 'index') return b.index;
  if (b.type === 'unknown') return -1;
  // The keyword is never the last argument (a key must follow) nor argv[1] when searching backwards.
  const kw = b.keyword.toLowerCase();
  const start = b.startfrom > 0 ? b.startfrom : argv.length + b.startfrom;
  const end = b.startfrom > 0 ? argv.length - 1 : 1;
  const step = start <= end ? 1 : -1;
  for (let i = start; i !== end && i >= 1 && i < argv.length; i += step) {
    if (argv[i].toLowerCase() === kw) return i + 1;
  }
  return -1;
}

/** Key positions one spec finds in argv (argv[0] is the command name), as Redis 7.0 computes them. */
export function specKeyPositions(spec: KeySpec, argv: readonly string[]): number[] {
  const first = beginIndex(spec.begin, argv);
  const f = spec.find;
  if (first < 0 || first >= argv.length || f.type === 'unknown') return [];
  let start = first;
  let last: number;
  let step: number;
  if (f.type === 'range') {
    step = f.keystep;
    if (f.lastkey >= 0) last = first + f.lastkey;
    else if (f.limit === 0) last = argv.length + f.lastkey;
    else last = first + Math.floor((argv.length - first) / f.limit) + f.lastkey;
  } else {
    const numkeys = Number(argv[first + f.keynumidx]);
    if (!Number.isInteger(numkeys) || numkeys < 0) return [];
    start = first + f.firstkey;
    step = f.keystep;
    last = start + (numkeys - 1) * step;
  }
  const out: number[] = [];
  for (let i = start; i <= last && i < argv.length; i += step) out.push(i);
  return out;
}
