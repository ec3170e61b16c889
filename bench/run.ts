/**
 * `npm run bench`: runs the benchmark modules and prints markdown tables (pasted into the README's
 * Performance section). Options: --rounds N (default 5), --quick (fewer requests, 2 rounds unless --rounds),
 * --only name,name (modules: throughput, memory, replication, failover, persistence), --tests set,get (throughput tests).
 * Add a module: write bench/<name>.ts exporting a BenchModule and list it in MODULES.
 */
import { machineDescription, type BenchModule, type BenchOptions } from './lib.js';
import { throughput } from './throughput.js';
import { memory } from './memory.js';
import { replication } from './replication.js';
import { failover } from './failover.js';
import { persistence } from './persistence.js';

const MODULES: BenchModule[] = [throughput, memory, replication, failover, persistence];

function parseArgs(argv: string[]): { opts: BenchOptions; only: string[] | null } {
  let rounds: number | null = null;
  let quick = false;
  let only: string[] | null = null;
  let tests: string[] | null = null;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--quick') quick = true;
    else if (a === '--rounds') rounds = Number(argv[++i]);
    else if (a === '--only') only = (argv[++i] ?? '').split(',');
    else if (a === '--tests') tests = (argv[++i] ?? '').split(',');
    else if (a === '--help' || a === '-h') {
      console.log('usage: npm run bench -- [--rounds N] [--quick] [--only module,...] [--tests test,...]');
      console.log(`modules: ${MODULES.map((m) => `${m.name} (${m.description})`).join('; ')}`);
      process.exit(0);
    } else throw new Error(`unknown option ${a}`);
  }
  if (rounds !== null && (!Number.isInteger(rounds) || rounds < 1)) throw new Error('--rounds needs a positive integer');
  return { opts: { rounds: rounds ?? (quick ? 2 : 5), quick, tests }, only };
}

async function main(): Promise<void> {
  const { opts, only } = parseArgs(process.argv.slice(2));
  const date = new Date().toISOString().slice(0, 10);
  console.log(`# Redoubt benchmark, ${date}${opts.quick ? ' (--quick)' : ''}\n\nMachine: ${machineDescription()}\n`);
  for (const m of MODULES) {
    if (only && !only.includes(m.name)) continue;
    const section = await m.run(opts, (msg) => console.error(`[${m.name}] ${msg}`));
    console.log(`## ${section.title}\n\n${section.table}\n`);
    for (const n of section.notes) console.log(`- ${n}`);
    console.log('');
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.stack : e);
  process.exit(1);
});
