/**
 * Prints the mutation score of the last `npm run test:mutation` run (reports/mutation/mutation.json)
 * twice: over every mutant, and leaving out mutants of error-message strings (the literal words
 * passed to `fail(...)` or `new MfaError(...)`, see build/stryker-message-strings.mjs).
 *
 * Usage: node build/mutation-score.mjs [--survivors] [report.json]
 *   --survivors  also list each surviving or uncovered mutant, file:line, mutator and replacement
 */
import { readFileSync } from 'node:fs';
import { parse } from '@babel/parser';
import traverseModule from '@babel/traverse';
import { isMessageString } from './stryker-message-strings.mjs';

const traverse = traverseModule.default ?? traverseModule;
const args = process.argv.slice(2);
const listSurvivors = args.includes('--survivors');
const reportPath = args.find((a) => !a.startsWith('--')) ?? 'reports/mutation/mutation.json';
const report = JSON.parse(readFileSync(reportPath, 'utf8'));

/** Start positions ("line:column", 1-based column as in the report) of the message strings of a file. */
function messageStarts(source) {
  const ast = parse(source, { sourceType: 'module', plugins: ['typescript'] });
  const starts = new Set();
  traverse(ast, {
    enter(path) {
      if (isMessageString(path)) {
        const { line, column } = path.node.loc.start;
        starts.add(`${line}:${column + 1}`);
      }
    },
  });
  return starts;
}

const UNDETECTED = new Set(['Survived', 'NoCoverage']);
const empty = () => ({
  mutants: 0,
  killed: 0,
  timeout: 0,
  survived: 0,
  noCoverage: 0,
  ignored: 0,
  errors: 0,
});
const all = empty();
const withoutMessages = empty();
const survivors = [];

function count(tally, status) {
  tally.mutants++;
  if (status === 'Killed') tally.killed++;
  else if (status === 'Timeout') tally.timeout++;
  else if (status === 'Survived') tally.survived++;
  else if (status === 'NoCoverage') tally.noCoverage++;
  else if (status === 'Ignored') tally.ignored++;
  else tally.errors++; // CompileError, RuntimeError: not counted in the score
}

for (const [file, { source, mutants }] of Object.entries(report.files)) {
  const messages = messageStarts(source);
  for (const mutant of mutants) {
    const { line, column } = mutant.location.start;
    const isMessage = mutant.mutatorName === 'StringLiteral' && messages.has(`${line}:${column}`);
    count(all, mutant.status);
    if (!isMessage) count(withoutMessages, mutant.status);
    if (!isMessage && UNDETECTED.has(mutant.status)) {
      survivors.push(`${file}:${line} ${mutant.status} ${mutant.mutatorName} -> ${mutant.replacement ?? ''}`);
    }
  }
}

const score = (t) => {
  const valid = t.killed + t.timeout + t.survived + t.noCoverage;
  return valid === 0 ? 'n/a' : `${((100 * (t.killed + t.timeout)) / valid).toFixed(2)} %`;
};
const row = (name, t) =>
  `${name.padEnd(26)} ${String(t.mutants).padStart(7)} ${String(t.killed).padStart(7)} ${String(t.timeout).padStart(7)} ${String(t.survived).padStart(8)} ${String(t.noCoverage).padStart(10)} ${String(t.ignored).padStart(7)} ${String(t.errors).padStart(6)}  ${score(t)}`;

console.log(
  `${'mutants'.padEnd(26)} ${'total'.padStart(7)} ${'killed'.padStart(7)} ${'timeout'.padStart(7)} ${'survived'.padStart(8)} ${'no cover'.padStart(10)} ${'ignored'.padStart(7)} ${'errors'.padStart(6)}  score`,
);
console.log(row('all', all));
console.log(row('without message strings', withoutMessages));
if (listSurvivors) for (const line of survivors.sort()) console.log(line.replaceAll('\n', ' '));
