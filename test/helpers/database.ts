// A fresh database per test file on the real server scripts/test.js started.
import { randomBytes } from 'node:crypto';
import type { Connection } from 'mongoose';
import { connectDatabase } from '../../app/database';
import { createModels, ensureIndexes, type Models } from '../../models';

/** The URI the test command exported; integration tests need a real server. */
export function testDatabaseUri(): string {
  const uri = process.env.MONGODB_URI;
  if (!uri) throw new Error('MONGODB_URI is unset: run the tests with `npm test`, which starts the embedded database');
  return uri;
}

export interface TestDatabase {
  connection: Connection;
  models: Models;
  name: string;
  close(): Promise<void>;
}

/** Connects to a database of its own, with indexes, dropped again on close. */
export async function openTestDatabase(prefix = 't'): Promise<TestDatabase> {
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  const connection = await connectDatabase(testDatabaseUri(), name);
  const models = createModels(connection);
  await ensureIndexes(models);
  return {
    connection,
    models,
    name,
    close: async () => {
      await connection.dropDatabase();
      await connection.close();
    },
  };
}
