// The configuration schema: defaults, readable failures, production rules.
import { randomBytes } from 'node:crypto';
import { ConfigError, loadConfig } from '../../app/config';

const key = () => randomBytes(32).toString('base64');

test('an empty environment gives a runnable development configuration', () => {
  const config = loadConfig({});
  expect(config).toMatchObject({ NODE_ENV: 'development', PORT: 3978, COUNTRY_PROFILE: 'bh', DATA_DIR: './data', MAX_MESSAGE_CHARS: 4000 });
  expect(config.MONGODB_URI).toBeUndefined();
});

test('empty strings count as unset', () => {
  expect(loadConfig({ PORT: '', MONGODB_URI: ' ' }).PORT).toBe(3978);
});

test.each<[string, Record<string, string>, RegExp]>([
  ['a port that is not a number', { PORT: 'eighty' }, /PORT/],
  ['a URI of another scheme', { MONGODB_URI: 'postgres://x' }, /MONGODB_URI[\s\S]*mongodb:\/\//],
  ['a key of the wrong length', { ENCRYPTION_KEY: Buffer.from('short').toString('base64') }, /ENCRYPTION_KEY[\s\S]*32 random bytes/],
  ['a bad clock time', { STAFFED_FROM: '25:00' }, /STAFFED_FROM/],
  ['a profile id with a path in it', { COUNTRY_PROFILE: '../etc' }, /COUNTRY_PROFILE/],
  ['production without keys or database', { NODE_ENV: 'production' }, /ENCRYPTION_KEY[\s\S]*HASH_KEY[\s\S]*DIRECTLINE_SECRET[\s\S]*MONGODB_URI[\s\S]*PUBLIC_URL/],
  ['production with an unauthenticated Bot Framework endpoint', { NODE_ENV: 'production', ENCRYPTION_KEY: key(), HASH_KEY: key(), DIRECTLINE_SECRET: key(), MONGODB_URI: 'mongodb://db/h', PUBLIC_URL: 'https://hotline.example' }, /MicrosoftAppId[^\n]*BOTFRAMEWORK_ENDPOINT=off/],
  ['an app id without its password', { MicrosoftAppId: 'abc' }, /MicrosoftAppPassword/],
])('%s fails with a message naming the variable', (_name, env, message) => {
  expect(() => loadConfig(env)).toThrow(ConfigError);
  expect(() => loadConfig(env)).toThrow(message);
});

test('production with keys, a database, its public address and Bot Framework authentication passes', () => {
  const production = { NODE_ENV: 'production', ENCRYPTION_KEY: key(), HASH_KEY: key(), DIRECTLINE_SECRET: key(), MONGODB_URI: 'mongodb://db:27017/hotline', PUBLIC_URL: 'https://hotline.example' };
  expect(loadConfig({ ...production, MicrosoftAppId: 'app', MicrosoftAppPassword: 'secret' }).NODE_ENV).toBe('production');
  expect(loadConfig({ ...production, BOTFRAMEWORK_ENDPOINT: 'off' }).BOTFRAMEWORK_ENDPOINT).toBe('off');
});
