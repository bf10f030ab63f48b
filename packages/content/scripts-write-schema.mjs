// Writes content.schema.json from the built validator (run by `pnpm build`).
import { writeFileSync } from 'node:fs';
import { contentJsonSchema } from './dist/index.js';

writeFileSync(new URL('./content.schema.json', import.meta.url), `${JSON.stringify(contentJsonSchema(), null, 2)}\n`);
