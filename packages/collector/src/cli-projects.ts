import { UsageError } from './cli-support.js';
import { openStoreFor, parse, STORE_FLAGS } from './cli-store.js';
import { ensureStaging, environmentOf } from './environments.js';
import { newSecretKey, newWriteKey } from './keys.js';
import type { Project } from './store/store.js';

/** `touchpoint project create`: a production project and its staging environment, each with its keys. */
export async function createProject(args: string[]): Promise<number> {
  const { values, positionals } = parse(
    args,
    {
      ...STORE_FLAGS,
      'write-key': { type: 'string' },
      'secret-key': { type: 'string' },
      origin: { type: 'string', multiple: true, default: [] },
      json: { type: 'boolean', default: false },
    },
    true,
  );
  const name = positionals[0];
  if (!name || positionals.length > 1) throw new UsageError('project create takes one NAME');
  const origins = values.origin.map((o) => {
    try {
      const origin = new URL(o).origin;
      if (origin === 'null') throw new Error();
      return origin;
    } catch {
      throw new UsageError(`--origin ${o} is not a URL origin such as https://app.example.com`);
    }
  });
  const opened = await openStoreFor(values);
  const store = opened.store;
  try {
    await store.migrate?.();
    const project = await store.createProject({
      name,
      writeKey: values['write-key'] ?? newWriteKey(),
      secretKey: values['secret-key'] ?? newSecretKey(),
      origins,
    });
    // Every project has a staging environment beside it, with keys of its own (CONTRACT §8).
    const { staging } = await ensureStaging(store, project);
    if (values.json) console.log(JSON.stringify({ ...projectJson(project), staging: projectJson(staging) }));
    else {
      console.log(`Project "${project.name}" created (${opened.description})`);
      console.log(`  production (id ${project.id}):`);
      console.log(`    write key:  ${project.writeKey}   (public: the script tag's data-key)`);
      console.log(`    secret key: ${project.secretKey}   (private: reports, content and the dashboard)`);
      console.log(`  staging (id ${staging.id}):`);
      console.log(`    write key:  ${staging.writeKey}`);
      console.log(`    secret key: ${staging.secretKey}`);
      console.log(`  origins:    ${project.origins.length ? project.origins.join(', ') : 'any'}`);
    }
    return 0;
  } catch (e) {
    if (e instanceof Error && /UNIQUE|duplicate key/.test(e.message)) throw new UsageError('a project already uses that write key or secret key');
    throw e;
  } finally {
    await store.close();
  }
}

/** A project as the CLI prints it: its keys (not the previous ones of a rotation) and its environment. */
function projectJson({ previousKeys: _previous, productionId, ...project }: Project) {
  return { ...project, environment: environmentOf({ productionId }), ...(productionId !== null && { productionId }) };
}

/** `touchpoint project list`: every project with its environment. */
export async function listProjects(args: string[]): Promise<number> {
  const { values } = parse(args, { ...STORE_FLAGS, json: { type: 'boolean', default: false } });
  const { store } = await openStoreFor(values);
  try {
    const projects = await store.listProjects();
    if (values.json) console.log(JSON.stringify(projects.map(projectJson)));
    else for (const p of projects) console.log(`${p.name}\t${environmentOf(p)}\t${p.writeKey}\torigins: ${p.origins.join(', ') || 'any'}`);
    return 0;
  } finally {
    await store.close();
  }
}
