// Turns that arrived while the database was down, kept on disk until it is
// back. Each is one file, encrypted like every other copy of what a worker
// wrote, written to a temporary name, flushed and renamed, so a file that
// exists is whole. Files sort by arrival, so they run in the order they came.
// A process takes a file before running it by renaming it to a name of its
// own: of two processes sharing the folder, one gets it.
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { open, readdir, readFile, rename, rm, stat, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import type { Activity } from 'botbuilder';
import type { FieldCipher } from './crypto';

const SUFFIX = '.turn';
/** A taken file untouched this long belonged to a process that died while running it. */
const STALE_TAKEN_MS = 5 * 60_000;

export interface SpooledTurn {
  activity: Partial<Activity>;
  /** When it arrived (ISO). */
  at: string;
}

export class TurnSpool {
  private readonly owner = `${process.pid}-${randomBytes(4).toString('hex')}`;

  constructor(
    readonly dir: string,
    private readonly cipher: FieldCipher,
    private readonly now: () => Date = () => new Date(),
  ) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  }

  /** Keeps an inbound activity; resolves once it is on disk. */
  async put(activity: Partial<Activity>): Promise<void> {
    const at = this.now();
    const name = `${String(at.getTime()).padStart(15, '0')}-${randomBytes(6).toString('hex')}${SUFFIX}`;
    const partial = join(this.dir, `${name}.partial`);
    const file = await open(partial, 'wx', 0o600);
    try {
      await file.writeFile(this.cipher.encrypt(JSON.stringify({ activity, at: at.toISOString() } satisfies SpooledTurn)));
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(partial, join(this.dir, name));
  }

  /** How many turns wait or are being run (taken, not yet finished). */
  async size(): Promise<number> {
    return (await readdir(this.dir)).filter((name) => name.includes(SUFFIX) && !name.endsWith('.partial')).length;
  }

  /**
   * Runs `run` on each waiting turn, oldest first, and forgets it once `run`
   * resolves. Stops at the first that throws (it stays, for the next drain).
   * Returns how many ran.
   */
  async drain(run: (turn: SpooledTurn) => Promise<void>): Promise<number> {
    let ran = 0;
    for (const name of await this.waiting()) {
      const taken = join(this.dir, `${name}.${this.owner}`);
      try {
        await rename(join(this.dir, name), taken);
      } catch {
        continue; // another process took it
      }
      const now = this.now();
      await utimes(taken, now, now); // taken now: not stale for another process's look

      try {
        await run(JSON.parse(this.cipher.decrypt(await readFile(taken, 'utf8'))) as SpooledTurn);
      } catch (error) {
        await rename(taken, join(this.dir, name));
        throw error;
      }
      await rm(taken, { force: true });
      ran += 1;
    }
    return ran;
  }

  private async waiting(): Promise<string[]> {
    const names = await readdir(this.dir);
    // A file another process took and never finished (it died): after a while it waits again.
    for (const name of names.filter((candidate) => candidate.includes(`${SUFFIX}.`) && !candidate.endsWith('.partial'))) {
      const path = join(this.dir, name);
      const info = await stat(path).catch(() => undefined);
      if (info && this.now().getTime() - info.mtimeMs > STALE_TAKEN_MS) await rename(path, join(this.dir, name.slice(0, name.indexOf(SUFFIX) + SUFFIX.length))).catch(() => undefined);
    }
    return (await readdir(this.dir)).filter((name) => name.endsWith(SUFFIX)).sort();
  }
}
