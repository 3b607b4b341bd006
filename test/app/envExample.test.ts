// Every configuration variable is documented in .env.example, and nothing else is.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigSchema } from '../../app/config';

test('.env.example lists exactly the variables the schema reads', () => {
  const documented = readFileSync(join(__dirname, '..', '..', '.env.example'), 'utf8')
    .split('\n')
    .map((line) => /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(line)?.[1])
    .filter((name): name is string => !!name)
    .sort();
  expect(documented).toEqual(Object.keys(ConfigSchema.shape).sort());
});
