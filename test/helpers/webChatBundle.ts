// The official Bot Framework Web Chat bundle, fetched once at test time with
// `npm pack` into .tools/ (never a dependency: the package is huge) and only its
// dist/webchat.js kept, so browser tests can check our replies in the real client.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';

export const WEBCHAT_VERSION = '4.18.1';
const CACHE = join(__dirname, '..', '..', '.tools', `botframework-webchat-${WEBCHAT_VERSION}`);

/** The path of `webchat.js` (the full bundle, with Markdown), fetching it on first use. */
export function webChatBundle(): string {
  const file = join(CACHE, 'webchat.js');
  if (existsSync(file)) return file;
  mkdirSync(CACHE, { recursive: true });
  const scratch = mkdtempSync(join(CACHE, 'pack-'));
  try {
    const tarball = execFileSync('npm', ['pack', `botframework-webchat@${WEBCHAT_VERSION}`, '--silent', '--pack-destination', scratch], { encoding: 'utf8', timeout: 120_000 }).trim().split('\n').at(-1)!;
    execFileSync('tar', ['-xzf', join(scratch, tarball), '-C', scratch, 'package/dist/webchat.js'], { timeout: 60_000 });
    // Renamed into place whole, so a test running alongside never reads half a file.
    renameSync(join(scratch, 'package', 'dist', 'webchat.js'), file);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return file;
}
