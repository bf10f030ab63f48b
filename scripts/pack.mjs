#!/usr/bin/env node
/**
 * Packs every package as the tarball npm would publish (`pnpm pack`: `workspace:*`
 * dependencies become the versions they point at), into DIR (default ./tarballs). Until the
 * packages are on npm, apps install these files: see the README's "Installing from tarballs".
 * Needs `pnpm build` first (the tarballs carry dist/).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = resolve(process.argv[2] ?? join(ROOT, 'tarballs'));
for (const dir of readdirSync(join(ROOT, 'packages'))) {
  if (existsSync(join(ROOT, 'packages', dir, 'package.json')) && !existsSync(join(ROOT, 'packages', dir, 'dist'))) {
    console.error(`packages/${dir} is not built: run \`pnpm build\` first`);
    process.exit(1);
  }
}
mkdirSync(out, { recursive: true });
const packed = spawnSync('pnpm', ['-r', '--filter', './packages/**', 'pack', '--pack-destination', out], { cwd: ROOT, encoding: 'utf8' });
if (packed.status !== 0) {
  console.error(`pnpm pack failed:\n${packed.stdout}${packed.stderr}`);
  process.exit(1);
}
for (const file of readdirSync(out)
  .filter((f) => f.endsWith('.tgz'))
  .sort())
  console.log(join(out, file));
