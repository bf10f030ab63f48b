import { newSecretKey, newWriteKey } from './keys.js';
import type { Project, ProjectStore } from './store/store.js';

/**
 * Staging and production (CONTRACT §8): each project has both, each a project of its own (id,
 * keys, content, drafts, events, audit log); the staging project points at its production.
 * Nothing is shared between them but that link: promotion copies a published document
 * across (`routes/promotion.ts`).
 */
export type Environment = 'production' | 'staging';

/** Which environment a project is. */
export function environmentOf(project: Pick<Project, 'productionId'>): Environment {
  return project.productionId === null ? 'production' : 'staging';
}

/**
 * How a project names its environment in answers (`GET /v1/project`, a session's `projects`):
 * `environment`, and `stagingId` (a production project with a staging) or `productionId` (a staging project).
 */
export async function environmentFields(
  store: Pick<ProjectStore, 'stagingOf'>,
  project: Pick<Project, 'id' | 'productionId'>,
): Promise<{ environment: Environment; stagingId?: number; productionId?: number }> {
  if (project.productionId !== null) return { environment: 'staging', productionId: project.productionId };
  const staging = await store.stagingOf(project.id);
  return { environment: 'production', ...(staging && { stagingId: staging.id }) };
}

/** The name a staging project gets from its production's. */
export function stagingName(productionName: string): string {
  return `${productionName} (staging)`;
}

/**
 * The staging project of a production project, created with new keys (and the production's
 * allowed origins) when it has none yet; `created` says which. Two callers at once get the
 * same one (the store allows one staging per production).
 */
export async function ensureStaging(store: ProjectStore, production: Project): Promise<{ staging: Project; created: boolean }> {
  if (production.productionId !== null) throw new Error('a staging project has no staging of its own');
  const existing = await store.stagingOf(production.id);
  if (existing) return { staging: existing, created: false };
  try {
    const staging = await store.createProject({
      name: stagingName(production.name),
      writeKey: newWriteKey(),
      secretKey: newSecretKey(),
      origins: production.origins,
      productionId: production.id,
    });
    return { staging, created: true };
  } catch (e) {
    // Another request created it meanwhile: that one is the staging.
    const raced = await store.stagingOf(production.id);
    if (raced) return { staging: raced, created: false };
    throw e;
  }
}
