// Proves the code base keeps its house rules, by reading every source file's syntax tree:
// functions of at most 70 lines, no `any` in exported signatures, a pure core/ (no clock,
// randomness, AWS SDK or file system) and no ad-hoc rounding of money outside the one module.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = process.cwd();
const SOURCE_DIRS = ['core', 'cli', 'functions', 'lib', 'bin', 'local', 'freeswitch-edge', 'bench', 'scripts', 'web', 'test'];
const MAX_FUNCTION_LINES = 70;
const ROUNDING_MODULE = 'core/money/rounding.ts';

interface Source {
  readonly path: string;
  readonly file: ts.SourceFile;
  readonly isTest: boolean;
}

function listSources(): Source[] {
  const out: Source[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      if (name === 'node_modules' || name === 'dist' || name === 'cdk.out' || name.startsWith('.')) continue;
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (/\.(ts|tsx|mts)$/.test(name) && !name.endsWith('.d.ts')) {
        const path = relative(ROOT, full);
        const text = readFileSync(full, 'utf8');
        const file = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, name.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
        out.push({ path, file, isTest: /\.(test|fuzz\.test|bench)\.tsx?$/.test(name) || path.startsWith('test/') });
      }
    }
  };
  for (const dir of SOURCE_DIRS) {
    try {
      if (statSync(join(ROOT, dir)).isDirectory()) walk(join(ROOT, dir));
    } catch {
      // a folder that does not exist yet has nothing to check
    }
  }
  return out;
}

function visit(node: ts.Node, each: (node: ts.Node) => void): void {
  each(node);
  node.forEachChild((child) => visit(child, each));
}

function lineOf(file: ts.SourceFile, position: number): number {
  return file.getLineAndCharacterOfPosition(position).line + 1;
}

const sources = listSources();

describe('tidy', () => {
  it('finds the sources it checks', () => {
    expect(sources.some((s) => s.path === ROUNDING_MODULE)).toBe(true);
    expect(sources.length).toBeGreaterThan(20);
  });

  it(`functions are at most ${MAX_FUNCTION_LINES} lines (tests excepted)`, () => {
    const long: string[] = [];
    for (const { path, file, isTest } of sources) {
      if (isTest) continue;
      visit(file, (node) => {
        if (!ts.isFunctionLike(node) || !('body' in node) || node.body === undefined) return;
        const lines = lineOf(file, node.end) - lineOf(file, node.getStart(file)) + 1;
        if (lines > MAX_FUNCTION_LINES) long.push(`${path}:${lineOf(file, node.getStart(file))} (${lines} lines)`);
      });
    }
    expect(long).toEqual([]);
  });

  it('exported signatures never use `any`', () => {
    const found: string[] = [];
    for (const { path, file, isTest } of sources) {
      if (isTest) continue;
      for (const statement of file.statements) {
        const exported = ts.canHaveModifiers(statement) && ts.getModifiers(statement)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
        if (!exported) continue;
        visit(statement, (node) => {
          if (node.kind !== ts.SyntaxKind.AnyKeyword) return;
          // `any` inside a function body is an implementation detail; in a type position of
          // the exported declaration it leaks across the module boundary.
          let parent: ts.Node | undefined = node.parent;
          while (parent !== undefined && parent !== statement && !ts.isBlock(parent)) parent = parent.parent;
          if (parent === statement) found.push(`${path}:${lineOf(file, node.getStart(file))}`);
        });
      }
    }
    expect(found).toEqual([]);
  });

  it('core/ has no clock, randomness, AWS SDK or file system', () => {
    const found: string[] = [];
    for (const { path, file, isTest } of sources) {
      if (!path.startsWith('core/') || isTest) continue;
      visit(file, (node) => {
        const at = `${path}:${lineOf(file, node.getStart(file))}`;
        if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) {
          const from = node.moduleSpecifier !== undefined && ts.isStringLiteral(node.moduleSpecifier) ? node.moduleSpecifier.text : '';
          if (/^@aws-sdk\//.test(from) || /^(node:)?fs(\/promises)?$/.test(from)) found.push(`${at} imports ${from}`);
        }
        if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'require') found.push(`${at} require()`);
        if (ts.isPropertyAccessExpression(node)) {
          const text = node.getText(file);
          if (text === 'Date.now' || text === 'Math.random' || text === 'performance.now') found.push(`${at} ${text}`);
        }
        if (ts.isNewExpression(node) && node.expression.getText(file) === 'Date' && (node.arguments?.length ?? 0) === 0) {
          found.push(`${at} new Date()`);
        }
      });
    }
    expect(found).toEqual([]);
  });

  it(`money code rounds only in ${ROUNDING_MODULE}`, () => {
    const found: string[] = [];
    for (const { path, file, isTest } of sources) {
      if (isTest || path === ROUNDING_MODULE || !(path.startsWith('core/') || path.startsWith('functions/'))) continue;
      visit(file, (node) => {
        if (ts.isIdentifier(node) && node.text === 'parseFloat') found.push(`${path}:${lineOf(file, node.getStart(file))} parseFloat`);
        if (ts.isPropertyAccessExpression(node)) {
          const name = node.name.text;
          const text = node.getText(file);
          if (name === 'toFixed' || text === 'Math.round' || text === 'Number.parseFloat') {
            found.push(`${path}:${lineOf(file, node.getStart(file))} ${text}`);
          }
        }
      });
    }
    expect(found).toEqual([]);
  });
});
