// The import rules (docs/architecture.md): every source folder sits in a layer,
// a file imports only from its own layer or lower ones (app, the composition
// root, imports anything), and no files import each other in a circle. And the
// tests mirror the source: every folder under test/ is a source folder, except
// the cross-cutting suites and the data folders named here.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

const ROOT = resolve(__dirname, '..');

/** Lowest first; a folder may import itself and the folders before it. */
const LAYERS = ['kernel', 'models', 'services', 'dialogs', 'bot', 'channels', 'console', 'app'] as const;

/** Imports that break the layering today, each with why it is allowed for now ("from -> to", paths from the root, no extension). */
const LAYER_EXCEPTIONS: Readonly<Record<string, string>> = {};

/** Cycles allowed for now, each as its files sorted and joined by " ", with why. */
const CYCLE_EXCEPTIONS: Readonly<Record<string, string>> = {};

/** Top-level source folders outside the layers that tests may mirror (maintenance commands, wording). */
const OTHER_SOURCE_ROOTS = ['scripts', 'locales'] as const;

/** Test folders named for what they check, not for a source folder. */
const CROSS_CUTTING = {
  integration: 'the whole hotline end to end',
  browser: 'what a person sees, in Chromium',
  helpers: 'shared helpers and stand-ins',
} as const;

/** Folders under test/ that hold only data a mirrored test reads, each with what it holds. */
const DATA_FOLDERS: Readonly<Record<string, string>> = {
  'bot/understanding/blind': 'the independent blind set of npm run eval, beside the labelled sets it complements',
};

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path.split(sep).join('/')] : [];
  });
}

const FILES = LAYERS.flatMap((layer) => sourceFiles(layer));
const KNOWN = new Set(FILES.map((file) => file.replace(/\.ts$/, '')));

/** A module's relative imports, as root-relative paths without extension (only those that are our .ts files). */
function importsOf(file: string): string[] {
  const { importedFiles } = ts.preProcessFile(readFileSync(join(ROOT, file), 'utf8'), true, true);
  const out = new Set<string>();
  for (const { fileName } of importedFiles) {
    if (!fileName.startsWith('.')) continue;
    const target = relative(ROOT, resolve(ROOT, dirname(file), fileName)).split(sep).join('/').replace(/\.(ts|js)$/, '');
    if (KNOWN.has(target)) out.add(target);
    else if (KNOWN.has(`${target}/index`)) out.add(`${target}/index`);
  }
  return [...out];
}

const GRAPH = new Map(FILES.map((file) => [file.replace(/\.ts$/, ''), importsOf(file)]));
const layerOf = (module: string): number => LAYERS.indexOf(module.split('/')[0] as (typeof LAYERS)[number]);

/** Strongly connected components of more than one file (or a file importing itself), by Tarjan's algorithm. */
function cycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, next);
    low.set(node, next);
    next += 1;
    stack.push(node);
    onStack.add(node);
    for (const to of graph.get(node) ?? []) {
      if (!index.has(to)) {
        visit(to);
        low.set(node, Math.min(low.get(node)!, low.get(to)!));
      } else if (onStack.has(to)) {
        low.set(node, Math.min(low.get(node)!, index.get(to)!));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || (graph.get(node) ?? []).includes(node)) found.push(component.sort());
    }
  };
  for (const node of [...graph.keys()].sort()) if (!index.has(node)) visit(node);
  return found;
}

/** Every folder under `dir`, as paths relative to it with forward slashes. */
function foldersUnder(dir: string, prefix = ''): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((entry) => {
      const path = prefix ? `${prefix}/${entry.name}` : entry.name;
      return [path, ...foldersUnder(dir, path)];
    });
}

/** Test folders that mirror no source folder: neither cross-cutting (or inside one), nor named data, nor a folder of the source tree. */
function strayTestFolders(folders: readonly string[], isSourceFolder: (path: string) => boolean): string[] {
  return folders.filter((folder) => {
    const top = folder.split('/')[0]!;
    if (top in CROSS_CUTTING || folder in DATA_FOLDERS) return false;
    return !([...LAYERS, ...OTHER_SOURCE_ROOTS] as readonly string[]).includes(top) || !isSourceFolder(folder);
  });
}

const TEST_ROOT = join(ROOT, 'test');
const TEST_FOLDERS = foldersUnder(TEST_ROOT);
const isSourceFolder = (path: string): boolean => existsSync(join(ROOT, path)) && statSync(join(ROOT, path)).isDirectory();

describe('architecture', () => {
  it('reads the source folders', () => {
    expect(FILES.length).toBeGreaterThan(50);
    expect(GRAPH.get('app/hotline')?.length).toBeGreaterThan(5);
  });

  it('imports only from the same layer or a lower one (app imports anything)', () => {
    const upward = [...GRAPH].flatMap(([from, targets]) =>
      targets.filter((to) => layerOf(from) !== LAYERS.indexOf('app') && layerOf(to) > layerOf(from)).map((to) => `${from} -> ${to}`),
    );
    expect(upward.filter((edge) => !(edge in LAYER_EXCEPTIONS))).toEqual([]);
    // An exception that no longer happens is removed from the list.
    expect(Object.keys(LAYER_EXCEPTIONS).filter((edge) => !upward.includes(edge))).toEqual([]);
  });

  it('has no import cycles', () => {
    const found = cycles(GRAPH).map((component) => component.join(' '));
    expect(found.filter((cycle) => !(cycle in CYCLE_EXCEPTIONS))).toEqual([]);
    expect(Object.keys(CYCLE_EXCEPTIONS).filter((cycle) => !found.includes(cycle))).toEqual([]);
  });

  it('finds a cycle and an upward import when there is one', () => {
    expect(cycles(new Map([['a', ['b']], ['b', ['c']], ['c', ['a']], ['d', ['a']]]))).toEqual([['a', 'b', 'c']]);
    expect(layerOf('channels/x')).toBeGreaterThan(layerOf('bot/y'));
  });

  it('keeps tests in folders that mirror the source (test/kernel/text/ for kernel/text/), beside the cross-cutting suites', () => {
    expect(TEST_FOLDERS).toEqual(expect.arrayContaining(['kernel/text', 'channels/whatsapp-cloud', 'integration']));
    expect(strayTestFolders(TEST_FOLDERS, isSourceFolder)).toEqual([]);
    // A named folder that is gone, or a data folder that holds tests, is taken off the lists.
    expect([...Object.keys(CROSS_CUTTING), ...Object.keys(DATA_FOLDERS)].filter((folder) => !TEST_FOLDERS.includes(folder))).toEqual([]);
    const testsInData = Object.keys(DATA_FOLDERS).flatMap((folder) => readdirSync(join(TEST_ROOT, folder)).filter((file) => file.endsWith('.ts')).map((file) => `${folder}/${file}`));
    expect(testsInData).toEqual([]);
  });

  it('finds a test folder that mirrors nothing', () => {
    const folders = ['channels/whatsappCloud', 'channels/whatsapp-cloud', 'understanding', 'integration/s9', 'bot/understanding/blind', 'docs', 'kernel/text'];
    const existing = new Set(['channels/whatsapp-cloud', 'docs', 'kernel/text']);
    expect(strayTestFolders(folders, (path) => existing.has(path))).toEqual(['channels/whatsappCloud', 'understanding', 'docs']);
  });
});
