// The console's browser code as native ES modules (console/ui/*.js): each one
// parses, stays small enough to read at once, imports only names another
// module of ours exports, and the shared modules (state, API, strings, DOM)
// never reach up into a screen. A broken split fails here before Chromium.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

const UI = join(__dirname, '..', '..', '..', 'console', 'ui');
const ENTRY = 'console.js';
/** The modules every screen builds on; they import only each other. */
const SHARED = ['state.js', 'api.js', 'strings.js', 'dom.js'];
const MAX_LINES = 400;

interface Module {
  text: string;
  imports: { from: string; names: string[] }[];
  exports: Set<string>;
}

const hasExport = (node: ts.Node): boolean =>
  ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);

function parse(file: string): Module {
  const text = readFileSync(join(UI, file), 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.JS);
  const imports: Module['imports'] = [];
  const exports = new Set<string>();
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
      const bindings = statement.importClause?.namedBindings;
      const names = bindings && ts.isNamedImports(bindings) ? bindings.elements.map((e) => (e.propertyName ?? e.name).text) : [];
      imports.push({ from: statement.moduleSpecifier.text, names });
    } else if (hasExport(statement)) {
      if (ts.isVariableStatement(statement)) statement.declarationList.declarations.forEach((d) => ts.isIdentifier(d.name) && exports.add(d.name.text));
      else if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) && statement.name) exports.add(statement.name.text);
    }
  }
  return { text, imports, exports };
}

const FILES = readdirSync(UI).filter((name) => name.endsWith('.js')).sort();
const MODULES = new Map(FILES.map((file) => [file, parse(file)]));

test('index.html loads the entry as one module script, and nothing inline', () => {
  const html = readFileSync(join(UI, 'index.html'), 'utf8');
  const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
  expect(scripts).toEqual([`<script type="module" src="/console/${ENTRY}">`]);
  expect(html).not.toMatch(/<script\b[^>]*>\s*[^<\s]/);
});

test.each(FILES)('%s parses as an ES module and is at most 400 lines', (file) => {
  const { text } = MODULES.get(file)!;
  const { diagnostics } = ts.transpileModule(text, { fileName: file, reportDiagnostics: true, compilerOptions: { allowJs: true, module: ts.ModuleKind.ESNext } });
  expect((diagnostics ?? []).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'))).toEqual([]);
  expect(text.split('\n').length).toBeLessThanOrEqual(MAX_LINES);
});

test.each(FILES)('%s imports only names that our own modules export', (file) => {
  const missing: string[] = [];
  for (const { from, names } of MODULES.get(file)!.imports) {
    const target = /^\.\/([a-zA-Z]+\.js)$/.exec(from)?.[1];
    const module = target ? MODULES.get(target) : undefined;
    if (!module) missing.push(`${from} (not a module of console/ui)`);
    else names.filter((name) => !module.exports.has(name)).forEach((name) => missing.push(`${name} from ${from}`));
  }
  expect(missing).toEqual([]);
});

test('the shared modules import only shared modules; every module is reached from the entry', () => {
  const upward = SHARED.flatMap((file) => MODULES.get(file)!.imports.map((i) => i.from.slice(2)).filter((to) => !SHARED.includes(to)).map((to) => `${file} -> ${to}`));
  expect(upward).toEqual([]);
  const reached = new Set<string>();
  const visit = (file: string): void => {
    if (reached.has(file) || !MODULES.has(file)) return;
    reached.add(file);
    MODULES.get(file)!.imports.forEach((i) => visit(i.from.slice(2)));
  };
  visit(ENTRY);
  expect(FILES.filter((file) => !reached.has(file))).toEqual([]);
});
