import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { documentJsonSchemas } from './document-schemas.js';
import { eventJsonSchemas } from './event-schemas.js';

const target = join(import.meta.dirname, '..', 'docs', 'schemas');
for (const [name, schema] of Object.entries({ ...eventJsonSchemas(), ...documentJsonSchemas() })) {
  const file = join(target, name);
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(schema, null, 2)}\n`);
  console.log(`wrote docs/schemas/${name}`);
}
