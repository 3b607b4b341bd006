// whatsapp-web.js's RemoteAuth, with one fix: restoring a session, the library
// (1.34.7, unzipper 0.12) carries on when the archive has been read, before its
// files are written, so Chromium could open a half-restored profile (found by
// test/channels/whatsapp-web/gridFsSessionStore.int.test.ts). Here the restore
// waits for the last file.
import { createReadStream } from 'node:fs';
import { unlink } from 'node:fs/promises';
import type * as WhatsAppWebJs from 'whatsapp-web.js';

type RemoteAuthOptions = ConstructorParameters<typeof WhatsAppWebJs.RemoteAuth>[0];

interface Unzipper {
  Extract(options: { path: string }): NodeJS.WritableStream & { promise(): Promise<void> };
}

/** A RemoteAuth whose restore completes before the browser starts. */
export function createRemoteAuth(library: typeof WhatsAppWebJs, options: RemoteAuthOptions): WhatsAppWebJs.AuthStrategy {
  class CompleteRestoreRemoteAuth extends library.RemoteAuth {
    /** Overrides the library's method of the same name (called by its extractRemoteSession). */
    async unCompressSession(archivePath: string): Promise<void> {
      // The library's own (optional) dependency, resolved from where the library is.
      const unzipper = require(require.resolve('unzipper', { paths: [require.resolve('whatsapp-web.js')] })) as Unzipper;
      const userDataDir = (this as unknown as { userDataDir: string }).userDataDir;
      const extract = unzipper.Extract({ path: userDataDir });
      const done = extract.promise();
      createReadStream(archivePath).on('error', (error) => extract.emit('error', error)).pipe(extract);
      await done;
      await unlink(archivePath);
    }
  }
  return new CompleteRestoreRemoteAuth(options);
}
