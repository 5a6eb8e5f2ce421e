// DuckDB reading a CSV file, timed inside one Node.js process, for the side-by-side comparison
// with `kam score` and pandas.read_csv in benchmarks/README.md (#18 item 3).
//
// Nothing in kam's build downloads DuckDB: install it yourself into any directory and give its
// node_modules directory as the first argument, e.g.
//   mkdir -p /tmp/duck && (cd /tmp/duck && npm install @duckdb/node-api)
//   node benchmarks/peers/duckdb_read.mjs /tmp/duck/node_modules /tmp/p1e6.csv --threads 1
// Options: --threads N (DuckDB's threads, default 1), --repeat R (default 3), --query table|sums
// (one of the two queries below; default both).
//
// Prints one line per query and repetition: wall and cpu seconds (the process's user + system
// time, all DuckDB threads included). Queries:
//   table  CREATE TABLE AS SELECT * FROM read_csv(...): every column parsed and held (as
//          pandas.read_csv does);
//   sums   count(*) and the sums of the 8 columns `kam score` reads by default (DuckDB reads
//          only those columns' values).
import { createRequire } from 'node:module';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

const args = process.argv.slice(2);
if (args.length < 2) {
  console.error(
      'usage: duckdb_read.mjs NODE_MODULES_DIR FILE.csv [--threads N] [--repeat R] [--query Q]');
  process.exit(2);
}
const [modules, csv] = args;
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : fallback;
};
const threads = option('--threads', '1');
const repeat = Number(option('--repeat', '3'));
const only = option('--query', '');

const require = createRequire(path.join(path.resolve(modules), 'duckdb_read.cjs'));
const { DuckDBInstance, version } = require('@duckdb/node-api');

const instance = await DuckDBInstance.create(':memory:', { threads });
const connection = await instance.connect();
const quoted = `'${csv.replaceAll("'", "''")}'`;
// The criteria of kam's default selection catalogue (the columns `kam score` parses).
const criteria = ['current_revenue', 'growth_potential', 'cross_up_sell', 'win_expand', 'effort',
                  'relationship_strength', 'fit', 'logo_value'];
const queries = {
  table: `CREATE OR REPLACE TABLE accounts AS SELECT * FROM read_csv(${quoted})`,
  sums: `SELECT count(*), ${criteria.map((c) => `sum(${c})`).join(', ')} FROM read_csv(${quoted})`,
};

console.log(`duckdb ${version()}, threads ${threads}, ${csv}`);
for (let r = 0; r < repeat; ++r) {
  for (const [name, sql] of Object.entries(queries)) {
    if (only && name !== only) continue;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const reader = await connection.runAndReadAll(sql);
    const wall = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const rows = name === 'sums' ? ` rows ${reader.getRows()[0][0]}` : '';
    console.log(`${name} wall ${wall.toFixed(3)} s cpu ${((cpu.user + cpu.system) / 1e6).toFixed(3)} s${rows}`);
  }
}
await connection.runAndReadAll('DROP TABLE IF EXISTS accounts');
