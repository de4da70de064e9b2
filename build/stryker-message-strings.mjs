/**
 * A Stryker ignorer plugin, and the rule behind it: which string literals are error-message text.
 *
 * A message string is a string or template literal passed as the message (any argument after the
 * code) to `fail(...)` or `new MfaError(...)`, alone or inside a `+` concatenation, a template or a
 * `?:` choice. Mutating such a string changes only the words of an error, which the tests check by
 * code rather than by wording. The error code (the first argument) is not a message string.
 *
 * `npm run test:mutation` tests every mutant and build/mutation-score.mjs reports the score both
 * with and without these; set MUTATION_SKIP_MESSAGES=1 to have Stryker skip them (a quicker run).
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { declareClassPlugin, declareValuePlugin, PluginKind } from '@stryker-mutator/api/plugin';

/** Callees whose arguments after the first are message text. */
const MESSAGE_CALLEES = new Set(['fail', 'MfaError']);

/**
 * Whether the Babel node path is (inside) the message argument of a `fail`/`MfaError` call.
 *
 * @param {import('@babel/traverse').NodePath} path - a node path
 * @returns {boolean} true for a message string
 */
export function isMessageString(path) {
  if (!path.isStringLiteral() && !path.isTemplateLiteral()) return false;
  let current = path;
  while (
    current.parentPath?.isTemplateLiteral() ||
    current.parentPath?.isConditionalExpression() ||
    (current.parentPath?.isBinaryExpression() && current.parentPath.node.operator === '+')
  ) {
    current = current.parentPath;
  }
  const parent = current.parentPath;
  if (parent === null || !(parent.isCallExpression() || parent.isNewExpression())) return false;
  const callee = parent.node.callee;
  if (callee.type !== 'Identifier' || !MESSAGE_CALLEES.has(callee.name)) return false;
  return parent.node.arguments.indexOf(current.node) >= 1;
}

/**
 * A reporter that appends each surviving or uncovered mutant to reports/mutation/survivors.log as
 * soon as it is known, so that work on them can start before a long run ends.
 */
class SurvivorsLog {
  static inject = [];
  constructor() {
    mkdirSync('reports/mutation', { recursive: true });
  }
  onMutantTested(result) {
    if (result.status !== 'Survived' && result.status !== 'NoCoverage') return;
    const { line, column } = result.location.start;
    const where = `${result.fileName}:${line}:${column}`;
    appendFileSync(
      'reports/mutation/survivors.log',
      `${where} ${result.status} ${result.mutatorName} -> ${JSON.stringify(result.replacement)}\n`,
    );
  }
}

export const strykerPlugins = [
  declareClassPlugin(PluginKind.Reporter, 'survivors-log', SurvivorsLog),
  declareValuePlugin(PluginKind.Ignore, 'message-strings', {
    shouldIgnore(path) {
      return isMessageString(path) ? 'error-message text, checked by code not wording' : undefined;
    },
  }),
];
