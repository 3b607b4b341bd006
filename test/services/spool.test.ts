// The spool on a real folder: whole files only, encrypted, run in the order
// they came, each by one of two spools sharing the folder, kept when running
// fails, and given back when the process that took one died.
import { mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TurnSpool, type SpooledTurn } from '../../services/spool';
import { testCipher } from '../helpers/keys';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'spool-test-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const message = (text: string) => ({ type: 'message', id: `id-${text}`, text, from: { id: 'worker-97312345678', name: '' } });

test('turns come out in the order they went in, encrypted on disk, and are gone once run', async () => {
  let clock = 1_000;
  const spool = new TurnSpool(dir, testCipher(), () => new Date(clock++));
  for (const text of ['one', 'two', 'three']) await spool.put(message(text));
  expect(await spool.size()).toBe(3);
  for (const name of readdirSync(dir)) expect(readFileSync(join(dir, name), 'utf8')).not.toMatch(/one|two|three|97312345678/);
  const seen: string[] = [];
  expect(await spool.drain(async (turn) => void seen.push(turn.activity.text!))).toBe(3);
  expect(seen).toEqual(['one', 'two', 'three']);
  expect(readdirSync(dir)).toEqual([]);
});

test('a run that fails stops the drain: that turn and the ones after it stay, in order', async () => {
  let clock = 1_000;
  const spool = new TurnSpool(dir, testCipher(), () => new Date(clock++));
  for (const text of ['one', 'two', 'three']) await spool.put(message(text));
  const seen: string[] = [];
  await expect(
    spool.drain(async (turn) => {
      if (turn.activity.text === 'two') throw new Error('database still down');
      seen.push(turn.activity.text!);
    }),
  ).rejects.toThrow('database still down');
  expect(seen).toEqual(['one']);
  expect(await spool.size()).toBe(2);
  const rest: string[] = [];
  await spool.drain(async (turn) => void rest.push(turn.activity.text!));
  expect(rest).toEqual(['two', 'three']);
});

test('two spools on one folder run each turn once', async () => {
  const a = new TurnSpool(dir, testCipher());
  const b = new TurnSpool(dir, testCipher());
  for (let n = 0; n < 20; n++) await a.put(message(`m${n}`));
  const ran: string[] = [];
  const run = async (turn: SpooledTurn) => {
    await new Promise((resolve) => setImmediate(resolve));
    ran.push(turn.activity.text!);
  };
  const [byA, byB] = await Promise.all([a.drain(run), b.drain(run)]);
  expect(byA + byB).toBe(20);
  expect(new Set(ran).size).toBe(20);
  expect(ran).toHaveLength(20);
});

test('a turn a dead process had taken waits again after five minutes, not before', async () => {
  let now = Date.now();
  const spool = new TurnSpool(dir, testCipher(), () => new Date(now));
  await spool.put(message('taken'));
  const [name] = readdirSync(dir);
  const taken = join(dir, `${name}.999-dead`);
  renameSync(join(dir, name!), taken);
  utimesSync(taken, new Date(now), new Date(now));
  const seen: string[] = [];
  now += 60_000;
  expect(await spool.drain(async (turn) => void seen.push(turn.activity.text!))).toBe(0);
  now += 5 * 60_000;
  expect(await spool.drain(async (turn) => void seen.push(turn.activity.text!))).toBe(1);
  expect(seen).toEqual(['taken']);
});
