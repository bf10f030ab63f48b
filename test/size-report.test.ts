import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

it("the sizes in README.md and docs/benchmarks.md are size-limit's figures for this build (`pnpm size` writes them)", () => {
  const check = spawnSync(process.execPath, ['scripts/size-report.mjs', '--check'], { cwd: ROOT, encoding: 'utf8' });
  expect(check.stderr).toBe('');
  expect(check.status).toBe(0);
}, 60_000);
