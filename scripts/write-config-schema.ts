// Writes sitrep.schema.json, the JSON Schema editors use to complete and check sitrep.yml. Run `npm run schema`
// after changing src/domain/team-config.ts; a test fails while the committed file is out of date.
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { buildTeamConfigJsonSchema } from '../src/domain/team-config/team-config.ts';

const target = new URL('../sitrep.schema.json', import.meta.url);
await writeFile(target, `${JSON.stringify(buildTeamConfigJsonSchema(), null, 2)}\n`);
console.log(`wrote ${fileURLToPath(target)}`);
