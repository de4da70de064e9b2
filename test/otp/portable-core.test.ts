// The OTP core must run in browsers, Deno, Bun and workers: no Node built-ins, no Node globals,
// and no dependency beyond @noble/hashes.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const OTP_DIR = join(import.meta.dirname, '../../src/otp');
const ALLOWED_PACKAGES = [/^@noble\/hashes\/[a-z0-9]+\.js$/];
const NODE_GLOBALS = new Set([
  'Buffer',
  'process',
  'require',
  'module',
  '__dirname',
  '__filename',
  'setImmediate',
  'global',
]);

/** Lists every non-portable construct in a TypeScript source: imports and free Node globals. */
function findNodeOnly(source: string, fileName = 'file.ts'): string[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.ES2022, true);
  const problems: string[] = [];
  const checkSpecifier = (specifier: ts.Node | undefined) => {
    if (specifier === undefined || !ts.isStringLiteral(specifier)) return;
    const name = specifier.text;
    const portable = name.startsWith('./') || name === '../shared/index.js';
    if (!portable && !ALLOWED_PACKAGES.some((allowed) => allowed.test(name))) {
      problems.push(`import of ${name}`);
    }
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) checkSpecifier(node.moduleSpecifier);
    if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword)
      checkSpecifier(node.arguments[0]);
    if (ts.isIdentifier(node) && NODE_GLOBALS.has(node.text)) {
      const parent = node.parent;
      const viaGlobalThis =
        ts.isPropertyAccessExpression(parent) &&
        parent.name === node &&
        parent.expression.getText() === 'globalThis';
      const isMemberName =
        (ts.isPropertyAccessExpression(parent) && parent.name === node && !viaGlobalThis) ||
        (ts.isPropertyAssignment(parent) && parent.name === node) ||
        (ts.isPropertyDeclaration(parent) && parent.name === node) ||
        (ts.isMethodDeclaration(parent) && parent.name === node);
      if (!isMemberName) problems.push(`use of ${node.text}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return problems;
}

describe('the OTP core is portable', () => {
  it('the scanner itself catches node: imports, Node globals and other packages', () => {
    expect(findNodeOnly("import { createHmac } from 'node:crypto';")).toEqual(['import of node:crypto']);
    expect(findNodeOnly("export { x } from 'crypto';")).toEqual(['import of crypto']);
    expect(findNodeOnly("const m = await import('node:fs');")).toEqual(['import of node:fs']);
    expect(findNodeOnly('const b = Buffer.from([1]); const e = process.env;')).toEqual([
      'use of Buffer',
      'use of process',
    ]);
    expect(findNodeOnly('const h = globalThis.process;')).toEqual(['use of process']);
    expect(findNodeOnly('const o = { process: 1 }; hash.process(); globalThis.crypto;')).toEqual([]);
  });

  it('src/otp and the src/shared it imports use nothing from node: and no Node globals', () => {
    for (const dir of [OTP_DIR, join(OTP_DIR, '..', 'shared')]) {
      const files = readdirSync(dir).filter((name) => name.endsWith('.ts'));
      expect(files.length).toBeGreaterThan(3);
      for (const name of files) {
        const problems = findNodeOnly(readFileSync(join(dir, name), 'utf8'), name);
        expect(problems, name).toEqual([]);
      }
    }
  });
});
