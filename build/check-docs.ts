// Documentation that compiles. Run after `npm run build`: `npm run check:docs`.
//
// 1. Every ts/js block of README.md and docs/**/*.md, and every @example block in the JSDoc of the
//    public API, is typechecked as its own module against the BUILT package, the way an app would
//    import it ('mfakit', 'mfakit/qr', ...): strict, module and moduleResolution NodeNext. The
//    blocks are virtual files under .docs-check/ in the repository, so 'mfakit' resolves through
//    the package's self-reference and the drivers through node_modules; one program checks all.
// 2. Every exported function, class and constant of a public entry point has an @example.
// 3. Only the public API carries @example: a declaration that no entry point exports (directly,
//    or as a member of an exported class, interface or type) must not have one.
//
// Two info-string flags serve guides that walk through the examples/ code (docs/integration.md):
//   ```ts dir=examples/integrations   the block is typechecked as if it sat in that folder, so
//                                      `import … from './sessions.js'` finds the example it copies
//   ```ts from=examples/x/y.ts         a quote: its lines must appear, in order and together, in that
//                                      file (which tsc and its own tests check), so it cannot drift
//
// `--write` also writes the blocks and a tsconfig.json to .docs-check/ (gitignored), for
// `npx tsc -p .docs-check` while fixing a block.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import ts from 'typescript';
import { allGuideBlocks, CHECKED_LANGS, type DocBlock, ROOT } from './doc-blocks.js';
import { allEntries } from './entries.js';

/** A block of code to typecheck, wherever it came from. */
interface Snippet {
  /** Where a reader finds it: `docs/x.md` or `src/x.ts`. */
  readonly file: string;
  /** The line, in that file, of the snippet's first code line. */
  readonly line: number;
  /** Whether it is JavaScript. */
  readonly js: boolean;
  readonly code: string;
  /** The folder it is checked in, relative to the root (default .docs-check). */
  readonly dir?: string;
}

/** A JSDoc @example found in the sources. */
interface SourceExample extends Snippet {
  /** The declaration it documents, for messages. */
  readonly name: string;
  /** Whether an entry point exports that declaration (or a type or class holding it). */
  readonly isPublic: boolean;
  /** An @example with no ```ts or ```js block in it, which nothing can compile. */
  readonly unfenced: boolean;
}

const CHECK_DIR = join(ROOT, '.docs-check');

const posix = (path: string): string => path.split(sep).join('/');

// ---------------------------------------------------------------------------------------------
// The public API, read from the sources with the project's own compiler settings.

function sourceProgram(): ts.Program {
  const config = ts.getParsedCommandLineOfConfigFile(
    join(ROOT, 'tsconfig.json'),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    },
  );
  if (!config) throw new Error('cannot read tsconfig.json');
  const files = config.fileNames.filter((file) => posix(relative(ROOT, file)).startsWith('src/'));
  return ts.createProgram(files, config.options);
}

/** The entry points of the library (the CLI is a program, not an API). */
function libraryEntries(): string[] {
  return Object.entries(allEntries)
    .filter(([name]) => name !== 'cli')
    .map(([, source]) => join(ROOT, source));
}

interface PublicApi {
  /** The declarations an entry point exports. */
  readonly declarations: Set<ts.Node>;
  /** Exported functions, classes and constants without an @example, as `entry: name`. */
  readonly withoutExample: string[];
}

const hasExampleTag = (node: ts.Node): boolean =>
  jsDocsOf(node).some((doc) => /(^|\n)\s*\*?\s*@example\b/.test(doc.getText()));

function publicApi(program: ts.Program): PublicApi {
  const checker = program.getTypeChecker();
  const declarations = new Set<ts.Node>();
  const withoutExample = new Set<string>();
  for (const entry of libraryEntries()) {
    const source = program.getSourceFile(entry);
    const module = source && checker.getSymbolAtLocation(source);
    if (!module) throw new Error(`no module for ${entry}`);
    for (const exported of checker.getExportsOfModule(module)) {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      const decls = symbol.declarations ?? [];
      for (const decl of decls) declarations.add(decl);
      const needsExample = decls.filter(
        (decl) =>
          ts.isFunctionDeclaration(decl) || ts.isClassDeclaration(decl) || ts.isVariableDeclaration(decl),
      );
      const documented = needsExample.some((decl) =>
        hasExampleTag(ts.isVariableDeclaration(decl) ? decl.parent.parent : decl),
      );
      if (needsExample.length > 0 && !documented) {
        withoutExample.add(`${posix(relative(ROOT, entry))}: ${exported.name}`);
      }
    }
  }
  return { declarations, withoutExample: [...withoutExample].sort() };
}

/** The JSDoc comments attached to a node (the compiler keeps them on an internal property). */
function jsDocsOf(node: ts.Node): readonly ts.JSDoc[] {
  return (node as { jsDoc?: ts.JSDoc[] }).jsDoc ?? [];
}

/** Whether a documented node is, or belongs to, a declaration an entry point exports. */
function isPublicNode(node: ts.Node, api: PublicApi): boolean {
  for (let at: ts.Node | undefined = node; at; at = at.parent) {
    if (api.declarations.has(at)) return true;
  }
  // A JSDoc comment sits on the `export const` statement, the symbol on its declaration.
  return (
    ts.isVariableStatement(node) &&
    node.declarationList.declarations.some((decl) => api.declarations.has(decl))
  );
}

function nameOf(node: ts.Node): string {
  const named = node as { name?: ts.Node };
  if (named.name) return named.name.getText();
  if (ts.isVariableStatement(node)) {
    return node.declarationList.declarations.map((decl) => decl.name.getText()).join(', ');
  }
  return ts.SyntaxKind[node.kind];
}

/** The ```ts / ```js blocks inside the @example tags of one JSDoc comment. */
function examplesIn(
  doc: ts.JSDoc,
  source: ts.SourceFile,
): Array<{ line: number; js: boolean; code: string }> {
  const firstLine = source.getLineAndCharacterOfPosition(doc.getStart(source)).line + 1;
  const lines = doc
    .getText(source)
    .split('\n')
    .map((line) => line.replace(/^\s*\/?\*+\/?\s?/, '').replace(/\s*\*\/$/, ''));
  const found: Array<{ line: number; js: boolean; code: string }> = [];
  let inExample = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (/^@\w+/.test(line)) inExample = line.startsWith('@example');
    const open = /^(`{3,})\s*(\w*)/.exec(line);
    if (!open) continue;
    let end = i + 1;
    while (end < lines.length && !lines[end]!.startsWith(open[1]!)) end++;
    const lang = open[2]!.toLowerCase();
    if (inExample && CHECKED_LANGS.has(lang)) {
      found.push({
        line: firstLine + i + 1,
        js: lang.startsWith('j'),
        code: lines.slice(i + 1, end).join('\n'),
      });
    }
    i = end;
  }
  return found;
}

function sourceExamples(program: ts.Program, api: PublicApi): SourceExample[] {
  const examples: SourceExample[] = [];
  for (const source of program.getSourceFiles()) {
    const file = posix(relative(ROOT, source.fileName));
    if (!file.startsWith('src/')) continue;
    const visit = (node: ts.Node): void => {
      for (const doc of jsDocsOf(node)) {
        const found = examplesIn(doc, source);
        const where = { file, name: nameOf(node), isPublic: isPublicNode(node, api) };
        for (const example of found) examples.push({ ...where, ...example, unfenced: false });
        const tagAt = doc
          .getText(source)
          .split('\n')
          .findIndex((line) => /@example\b/.test(line));
        if (found.length === 0 && tagAt >= 0) {
          const line = source.getLineAndCharacterOfPosition(doc.getStart(source)).line + 1 + tagAt;
          examples.push({ ...where, line, js: false, code: '', unfenced: true });
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return examples;
}

// ---------------------------------------------------------------------------------------------
// The typecheck of every snippet against the built package.

/** What a reader's project would have: strict, NodeNext, Node's types. */
const SNIPPET_TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    lib: ['ES2022'],
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    moduleDetection: 'force',
    strict: true,
    noUncheckedIndexedAccess: true,
    exactOptionalPropertyTypes: true,
    allowJs: true,
    checkJs: true,
    skipLibCheck: true,
    types: ['node'],
    noEmit: true,
  },
};

function virtualName(snippet: Snippet): string {
  const slug = snippet.file.replace(/[^A-Za-z0-9]+/g, '-');
  const dir = snippet.dir === undefined ? CHECK_DIR : join(ROOT, snippet.dir);
  return join(dir, `__docs-${slug}-L${snippet.line}.${snippet.js ? 'mjs' : 'mts'}`);
}

/** The value of a `name=value` flag of a block's info string. */
function flagValue(block: DocBlock, name: string): string | undefined {
  return block.flags.find((flag) => flag.startsWith(`${name}=`))?.slice(name.length + 1);
}

/**
 * Problems with a quoted block (`from=path`): its code lines, leading comment lines aside (they
 * name the file), must appear in the file as consecutive lines, indentation aside.
 */
function checkQuote(block: DocBlock, source: string): string[] {
  let text: string;
  try {
    text = readFileSync(join(ROOT, source), 'utf8');
  } catch {
    return [`${block.file}:${block.line}: quotes ${source}, which does not exist`];
  }
  const significant = (lines: string[]): string[] => lines.map((line) => line.trim()).filter(Boolean);
  const quoted = significant(block.code.split('\n'));
  while (quoted[0]?.startsWith('//')) quoted.shift();
  const lines = significant(text.split('\n'));
  const found = lines.some((_, start) => quoted.every((line, i) => lines[start + i] === line));
  return found || quoted.length === 0
    ? []
    : [`${block.file}:${block.line}: this quote no longer matches ${source}; copy it again from there`];
}

function typecheck(snippets: readonly Snippet[], write: boolean): string[] {
  const files = new Map<string, Snippet>(snippets.map((snippet) => [virtualName(snippet), snippet]));
  const { options, errors } = ts.convertCompilerOptionsFromJson(SNIPPET_TSCONFIG.compilerOptions, CHECK_DIR);
  if (errors.length > 0) throw new Error(ts.flattenDiagnosticMessageText(errors[0]!.messageText, '\n'));
  if (write) {
    rmSync(CHECK_DIR, { recursive: true, force: true });
    mkdirSync(CHECK_DIR, { recursive: true });
    writeFileSync(join(CHECK_DIR, 'tsconfig.json'), `${JSON.stringify(SNIPPET_TSCONFIG, null, 2)}\n`);
    for (const [path, snippet] of files) {
      if (snippet.dir === undefined) writeFileSync(path, `${snippet.code}\n`);
    }
  }
  const host = ts.createCompilerHost(options);
  const { fileExists, readFile, getSourceFile } = host;
  host.fileExists = (path) => files.has(path) || fileExists.call(host, path);
  host.readFile = (path) => files.get(path)?.code ?? readFile.call(host, path);
  host.getSourceFile = (path, language, ...rest) => {
    const snippet = files.get(path);
    return snippet
      ? ts.createSourceFile(path, snippet.code, language)
      : getSourceFile.call(host, path, language, ...rest);
  };
  host.getCurrentDirectory = () => ROOT;
  const program = ts.createProgram([...files.keys()], options, host);
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n  ');
    const snippet = diagnostic.file && files.get(diagnostic.file.fileName);
    if (!diagnostic.file || diagnostic.start === undefined || !snippet) {
      const where = diagnostic.file ? posix(relative(ROOT, diagnostic.file.fileName)) : 'tsconfig';
      return `${where}: TS${diagnostic.code}: ${message}`;
    }
    const at = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
    return `${snippet.file}:${snippet.line + at.line}:${at.character + 1}: TS${diagnostic.code}: ${message}`;
  });
}

// ---------------------------------------------------------------------------------------------

function main(): number {
  const write = process.argv.includes('--write');
  try {
    readFileSync(join(ROOT, 'dist', 'index.d.ts'));
  } catch {
    console.error('check-docs: dist/ is missing; run `npm run build` first.');
    return 1;
  }
  const guideBlocks = allGuideBlocks().filter((block) => CHECKED_LANGS.has(block.lang));
  const exempt = guideBlocks.filter((block) => block.flags.includes('nocheck'));
  const quotes = guideBlocks.filter((block) => flagValue(block, 'from') !== undefined);
  const checkedGuides: Snippet[] = guideBlocks
    .filter((block) => !block.flags.includes('nocheck') && !quotes.includes(block))
    .map((block: DocBlock) => {
      const dir = flagValue(block, 'dir');
      return { ...block, js: block.lang.startsWith('j'), ...(dir === undefined ? {} : { dir }) };
    });

  const program = sourceProgram();
  const api = publicApi(program);
  const examples = sourceExamples(program, api);
  const internal = examples.filter((example) => !example.isPublic);
  const published = examples.filter((example) => example.isPublic && !example.unfenced);

  const problems: string[] = quotes.flatMap((block) => checkQuote(block, flagValue(block, 'from')!));
  for (const missing of api.withoutExample) problems.push(`${missing}: exported without an @example`);
  for (const example of examples.filter((found) => found.isPublic && found.unfenced)) {
    problems.push(
      `${example.file}:${example.line}: the @example of ${example.name} has no \`\`\`ts block to compile`,
    );
  }
  const internalMessage = (example: SourceExample): string =>
    `${example.file}:${example.line}: @example on ${example.name}, which no entry point exports`;
  for (const example of internal) problems.push(internalMessage(example));
  problems.push(...typecheck([...checkedGuides, ...published], write));

  console.log(
    `check-docs: ${checkedGuides.length} guide blocks and ${published.length} @example blocks typechecked` +
      ` against the built package, ${quotes.length} quotes compared with their files;` +
      ` ${exempt.length} guide blocks marked nocheck` +
      (exempt.length > 0 ? ` (${exempt.map((block) => `${block.file}:${block.line}`).join(', ')})` : ''),
  );
  if (problems.length > 0) {
    console.error(`\n${problems.join('\n')}\n\ncheck-docs: ${problems.length} problems`);
    return 1;
  }
  console.log('check-docs: every block compiles; every public export, and only those, has an @example.');
  return 0;
}

process.exitCode = main();
