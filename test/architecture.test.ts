// The import rules (docs/architecture.md): every source folder sits in a layer,
// a file imports only from its own layer or lower ones (app, the composition
// root, imports anything), and no files import each other in a circle.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

const ROOT = resolve(__dirname, '..');

/** Lowest first; a folder may import itself and the folders before it. */
const LAYERS = ['kernel', 'models', 'services', 'dialogs', 'bot', 'channels', 'console', 'app'] as const;

/** Imports that break the layering today, each with why it is allowed for now ("from -> to", paths from the root, no extension). */
const LAYER_EXCEPTIONS: Readonly<Record<string, string>> = {};

/** Cycles allowed for now, each as its files sorted and joined by " ", with why. */
const CYCLE_EXCEPTIONS: Readonly<Record<string, string>> = {};

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
});
