// Compiles every .sol file under src/main/solidity with solc-js (the npm `solc` package, pinned in package.json)
// and writes one JSON per contract { contractName, abi, bytecode } to OUT_DIR, which the Maven build puts on the
// classpath (target/classes/io/resx/settlement/contracts). OpenZeppelin imports resolve from node_modules through
// the import callback. Any error, and any warning in our own sources, fails the build with the compiler's message.
//
// Usage: node src/main/js/compile.mjs [SOURCE_DIR] [OUT_DIR]     (run from settlement-bridge/)
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const solc = require('solc');

const moduleDir = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../..');
const sourceDir = path.resolve(process.argv[2] ?? path.join(moduleDir, 'src/main/solidity'));
const outDir = path.resolve(process.argv[3] ?? path.join(moduleDir, 'target/classes/io/resx/settlement/contracts'));
const nodeModules = path.join(moduleDir, 'node_modules');

function listSol(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? listSol(p) : e.name.endsWith('.sol') ? [p] : [];
  });
}

const files = listSol(sourceDir).sort();
if (files.length === 0) {
  console.error(`compile.mjs: no .sol files under ${sourceDir}`);
  process.exit(1);
}
const sources = Object.fromEntries(files.map((f) => [path.relative(sourceDir, f), { content: fs.readFileSync(f, 'utf8') }]));

// Only packages pinned in package.json are importable: nothing is fetched at compile time.
function findImports(importPath) {
  const candidate = path.join(nodeModules, importPath);
  if (!candidate.startsWith(nodeModules + path.sep) || !fs.existsSync(candidate)) {
    return { error: `import not found: ${importPath} (looked in ${nodeModules}; run npm ci in settlement-bridge/)` };
  }
  return { contents: fs.readFileSync(candidate, 'utf8') };
}

const input = {
  language: 'Solidity',
  sources,
  settings: {
    // Pinned so the bytecode (and the gas figures in docs/PERFORMANCE.md) do not move with solc's default.
    evmVersion: 'cancun',
    optimizer: { enabled: true, runs: 200 },
    outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } },
  },
};

const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImports }));
const ours = (d) => d.sourceLocation && sources[d.sourceLocation.file] !== undefined;
const problems = (output.errors ?? []).filter((d) => d.severity === 'error' || ours(d));
for (const d of output.errors ?? []) {
  if (!problems.includes(d)) continue;
  console.error(d.formattedMessage ?? d.message);
}
if (problems.length > 0) {
  console.error(`compile.mjs: solc ${solc.version()} reported ${problems.length} error(s)/warning(s) in ${sourceDir}; fix them (warnings in our sources fail the build too)`);
  process.exit(1);
}

fs.mkdirSync(outDir, { recursive: true });
let written = 0;
for (const [file, contracts] of Object.entries(output.contracts ?? {})) {
  if (sources[file] === undefined) continue; // OpenZeppelin's own contracts: not artifacts of ours
  for (const [name, c] of Object.entries(contracts)) {
    if (!c.evm.bytecode.object) continue; // interfaces and abstract contracts have no bytecode
    const artifact = { contractName: name, source: file, compiler: solc.version(), abi: c.abi, bytecode: '0x' + c.evm.bytecode.object };
    fs.writeFileSync(path.join(outDir, `${name}.json`), JSON.stringify(artifact, null, 1) + '\n');
    written++;
  }
}
console.log(`compile.mjs: solc ${solc.version()} compiled ${files.length} source(s) into ${written} contract artifact(s) in ${outDir}`);
