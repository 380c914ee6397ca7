import { access, mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { KnownSecret } from '../../shared/bundle/secret-discovery';
import type { BundleExportResponse, BundlePreviewResponse, bundleRequests } from '../../shared/ipc/bundles';
import type { z } from 'zod';
import { exportBundle, previewBundle } from '../bundle/export-bundle';
import type { HostDialogs } from './engine';
import type { SecretStore } from './secrets';
import type { Session } from './session';

type Req<K extends keyof typeof bundleRequests> = z.output<(typeof bundleRequests)[K]['request']>;

export interface BundleRequestDeps {
  session(): Session;
  dataDir: string;
  dialogs?: HostDialogs;
  secrets: SecretStore;
}

export class NothingToExportError extends Error {
  override name = 'NothingToExportError';
}

/** The Export Bundle requests: the current session's journal or loaded file, redacted unless the user says otherwise. */
export function bundleRequestHandlers(deps: BundleRequestDeps) {
  const sourceOf = (): { file: string; session: Session } => {
    const session = deps.session();
    if (!session.info().path) throw new NothingToExportError('Nothing to export yet: run a probe or open a capture first.');
    return { file: session.info().path as string, session };
  };
  // The key the engine holds is removed wherever it appears, whatever its shape.
  const known = async (): Promise<KnownSecret[]> => {
    const key = await deps.secrets.getApiKey();
    return key ? [{ rule: 'configured-key', value: key }] : [];
  };

  return {
    previewBundle: async (request: Req<'previewBundle'>): Promise<BundlePreviewResponse> => {
      const { file, session } = sourceOf();
      const preview = await previewBundle({ source: file, redaction: request, known: await known() });
      return { ...preview, skipped: preview.skipped.length, title: session.info().title };
    },
    exportBundle: async (request: Req<'exportBundle'>): Promise<BundleExportResponse | null> => {
      const { file, session } = sourceOf();
      const out = await destination(request.path, defaultBundleName(session.info().title), deps);
      if (!out) return null;
      const result = await exportBundle({ source: file, out, redaction: { includeSecrets: request.includeSecrets, rules: request.rules }, known: await known() });
      return { path: result.path, bytes: result.bytes, preview: result.contents.preview };
    },
  };
}

export function defaultBundleName(title: string): string {
  const base = title.replace(/\.(zip|parallax(\.gz)?|gz)$/i, '').replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '') || 'parallax';
  return `${base}-bundle.zip`;
}

/**
 * Where to write: a path the UI named (a new .zip, never over an existing file), else the Save
 * dialog, else (the browser host) a fresh name in the data directory's exports folder.
 */
async function destination(requested: string | undefined, name: string, deps: BundleRequestDeps): Promise<string | null> {
  if (requested !== undefined) {
    if (!requested.toLowerCase().endsWith('.zip')) throw new Error(`A bundle is a .zip file; ${requested} does not end in .zip`);
    if (await exists(requested)) throw new Error(`${requested} already exists; choose a new name`);
    return requested;
  }
  if (deps.dialogs) return deps.dialogs.chooseSavePath(name, 'bundle');
  const dir = path.join(deps.dataDir, 'exports');
  await mkdir(dir, { recursive: true });
  const stem = name.replace(/\.zip$/, '');
  for (let n = 1; ; n++) {
    const candidate = path.join(dir, n === 1 ? name : `${stem}-${n}.zip`);
    if (!(await exists(candidate))) return candidate;
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}
