import { z } from 'zod';
import { openStoreFor, parse, STORE_FLAGS } from './cli-store.js';
import { UsageError } from './cli-support.js';
import { hashPassword, oneTimePassword } from './passwords.js';
import { ROLES, type Role } from './roles.js';
import { normalEmail } from './routes/auth.js';

/** `touchpoint user …`: dashboard users from the command line (CONTRACT §1, §8). */
export async function userCommand(args: string[]): Promise<number> {
  if (args[0] === 'create') return createUser(args.slice(1));
  throw new UsageError(`unknown user command "${args[0] ?? ''}" (expected create)`);
}

/**
 * `touchpoint user create EMAIL --role R [--project NAME]...`: the first owner, or anyone, with
 * a one-time password printed as `password: …` (the dashboard asks for a new one at first
 * sign-in). Without `--project` the role applies to every project, those made later too. For
 * an email that has an account already it is the way back in: a new one-time password (their
 * sessions end) and the role on the projects named.
 */
async function createUser(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, { ...STORE_FLAGS, role: { type: 'string' }, project: { type: 'string', multiple: true, default: [] } }, true);
  const [given] = positionals;
  if (!given || positionals.length > 1) throw new UsageError('user create takes one EMAIL');
  if (!z.email().safeParse(given.trim()).success) throw new UsageError(`"${given}" is not an email address`);
  const email = normalEmail(given);
  const role = values.role as Role | undefined;
  if (!role || !ROLES.includes(role)) throw new UsageError(`user create needs --role ${[...ROLES].reverse().join('|')}`);
  const opened = await openStoreFor(values);
  const { store } = opened;
  try {
    await store.migrate?.();
    // A role is given on a production project; it covers the project's staging.
    const projects = (await store.listProjects()).filter((p) => p.productionId === null);
    const named = values.project.map((name) => {
      const matches = projects.filter((p) => p.name === name);
      if (matches.length !== 1)
        throw new UsageError(
          matches.length
            ? `${matches.length} projects are named "${name}": the role cannot say which`
            : `no project is named "${name}" (${projects.length ? `there are: ${projects.map((p) => p.name).join(', ')}` : 'there are none yet: touchpoint project create NAME'})`,
        );
      return matches[0]!;
    });
    const password = oneTimePassword();
    const passwordHash = await hashPassword(password);
    const existing = await store.userByEmail(email);
    const user = existing ?? (await store.createUser({ email, passwordHash, mustChangePassword: true, createdAt: Date.now() }));
    if (existing) {
      await store.setPassword(user.id, passwordHash, true);
      await store.endUserSessions(user.id);
    }
    for (const project of named.length ? named : [null]) await store.setMembership(user.id, project?.id ?? null, role);
    const where = named.length ? `on ${named.map((p) => `"${p.name}"`).join(', ')}` : 'on every project';
    console.log(`User ${email} ${existing ? 'exists: new one-time password,' : 'created,'} ${role} ${where} (${opened.description})`);
    console.log(`password: ${password}`);
    console.log('It works once: the dashboard (/dashboard/) asks for a new password at the first sign-in.');
    return 0;
  } finally {
    await store.close();
  }
}
