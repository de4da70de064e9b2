// The API report: one file per public entry point under api/, written by API Extractor from the
// built declarations (dist/*.d.ts), so that a change to the public types shows up in review.
//
//   npm run api:check    (after `npm run build`) fails when a report differs from the build,
//                        printing the difference and how to update
//   npm run api:update   (after `npm run build`) rewrites the reports from the build
//
// The entry points are read from package.json "exports", so a new subpath gets its report on the
// next `api:update` with no configuration to write. API Extractor needs one configuration per
// entry point; they are made here rather than committed as near-identical JSON files.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  Extractor,
  ExtractorConfig,
  ExtractorLogLevel,
  type ExtractorMessage,
  type IConfigFile,
} from '@microsoft/api-extractor';

const ROOT = join(import.meta.dirname, '..');
const REPORT_DIR = join(ROOT, 'api');
const REPORT_SUFFIX = '.api.md';

interface EntryPoint {
  /** The subpath users import: `mfakit`, `mfakit/qr`, ... */
  readonly specifier: string;
  /** The report's file name without its extension: `mfakit`, `mfakit-qr`, ... */
  readonly reportName: string;
  /** The ESM declaration file, relative to the root. */
  readonly types: string;
}

type ExportTarget = string | { import?: { types?: string } };

function entryPoints(): EntryPoint[] {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    name: string;
    exports: Record<string, ExportTarget>;
  };
  return Object.entries(pkg.exports).flatMap(([subpath, target]) => {
    const types = typeof target === 'string' ? undefined : target.import?.types;
    if (types === undefined) return []; // ./package.json
    const specifier = subpath === '.' ? pkg.name : `${pkg.name}/${subpath.slice(2)}`;
    return [{ specifier, reportName: specifier.replaceAll('/', '-'), types }];
  });
}

function configFor(entry: EntryPoint, tempFolder: string): IConfigFile {
  return {
    projectFolder: ROOT,
    mainEntryPointFilePath: join(ROOT, entry.types),
    compiler: {
      overrideTsconfig: {
        compilerOptions: {
          target: 'ES2022',
          lib: ['ES2022'],
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          skipLibCheck: true,
          types: ['node'],
        },
        files: [entry.types],
      },
    },
    apiReport: {
      enabled: true,
      reportFileName: entry.reportName,
      reportFolder: REPORT_DIR,
      reportTempFolder: tempFolder,
    },
    docModel: { enabled: false },
    dtsRollup: { enabled: false },
    tsdocMetadata: { enabled: false },
    newlineKind: 'lf',
    messages: {
      // Findings about the API itself (a type used but not exported, say) go into the report,
      // where review sees them; release tags (@public, @beta) are not used in this project.
      extractorMessageReporting: {
        default: { logLevel: ExtractorLogLevel.Warning, addToApiReportFile: true },
        'ae-missing-release-tag': { logLevel: ExtractorLogLevel.None },
        // {@link} targets are typedoc's business (checked by `npm run docs`), not the report's.
        'ae-unresolved-link': { logLevel: ExtractorLogLevel.None },
      },
      tsdocMessageReporting: { default: { logLevel: ExtractorLogLevel.None } },
      compilerMessageReporting: { default: { logLevel: ExtractorLogLevel.Error } },
    },
  };
}

function main(): number {
  const update = process.argv.includes('--update');
  const entries = entryPoints();
  const missing = entries.filter((entry) => !existsSync(join(ROOT, entry.types)));
  if (missing.length > 0) {
    console.error(
      `api-report: ${missing.map((entry) => entry.types).join(', ')} missing; run \`npm run build\` first.`,
    );
    return 1;
  }
  mkdirSync(REPORT_DIR, { recursive: true });
  const tempFolder = mkdtempSync(join(tmpdir(), 'mfakit-api-'));
  const changed: string[] = [];
  const failed: string[] = [];
  try {
    for (const entry of entries) {
      const config = ExtractorConfig.prepare({
        configObject: configFor(entry, tempFolder),
        configObjectFullPath: join(REPORT_DIR, `${entry.reportName}.api-extractor.json`),
        packageJsonFullPath: join(ROOT, 'package.json'),
      });
      const problems: string[] = [];
      const result = Extractor.invoke(config, {
        localBuild: update,
        messageCallback: (message: ExtractorMessage) => {
          message.handled = true; // printed below, only when it matters
          if (message.logLevel === ExtractorLogLevel.Error)
            problems.push(message.formatMessageWithLocation(ROOT));
        },
      });
      if (problems.length > 0) failed.push(`${entry.specifier}:\n  ${problems.join('\n  ')}`);
      else if (result.apiReportChanged) changed.push(entry.reportName);
    }
    const known = new Set(entries.map((entry) => `${entry.reportName}${REPORT_SUFFIX}`));
    const orphans = readdirSync(REPORT_DIR).filter(
      (file) => file.endsWith(REPORT_SUFFIX) && !known.has(file),
    );
    for (const orphan of orphans) {
      if (update) rmSync(join(REPORT_DIR, orphan));
      else changed.push(`${orphan.slice(0, -REPORT_SUFFIX.length)} (no such entry point any more)`);
    }

    if (failed.length > 0) {
      console.error(`api-report: API Extractor failed:\n${failed.join('\n')}`);
      return 1;
    }
    if (update) {
      console.log(
        changed.length > 0
          ? `api-report: updated api/ for ${changed.join(', ')}; review and commit the change.`
          : `api-report: api/ already matches the build (${entries.length} entry points).`,
      );
      return 0;
    }
    if (changed.length > 0) {
      for (const name of changed) {
        const fresh = join(tempFolder, `${name}${REPORT_SUFFIX}`);
        if (existsSync(fresh)) {
          spawnSync(
            'git',
            ['--no-pager', 'diff', '--no-index', '--', join(REPORT_DIR, `${name}${REPORT_SUFFIX}`), fresh],
            {
              stdio: 'inherit',
            },
          );
        }
      }
      console.error(
        `\napi-report: the public API differs from api/ for ${changed.join(', ')}.\n` +
          'If the change is intended, run `npm run build && npm run api:update` and commit api/.',
      );
      return 1;
    }
    console.log(`api-report: the public API matches api/ (${entries.length} entry points).`);
    return 0;
  } finally {
    rmSync(tempFolder, { recursive: true, force: true });
  }
}

process.exitCode = main();
