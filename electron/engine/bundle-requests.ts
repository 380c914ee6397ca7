import path from 'node:path';
import type { KnownSecret } from '../../shared/bundle/secret-discovery';
import type { BundleExportResponse, BundlePreviewResponse, bundleRequests } from '../../shared/ipc/bundles';
import type { z } from 'zod';
import { exportBundle, previewBundle } from '../bundle/export-bundle';
import type { HostDialogs } from './engine';
import { chooseDestination, exportsDir, fileSafeName } from './save-destination';
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
      const out = await chooseDestination(request.path, defaultBundleName(session.info().title), 'bundle', ['.zip'], deps);
      if (!out) return null;
      const result = await exportBundle({ source: file, out, redaction: { includeSecrets: request.includeSecrets, rules: request.rules }, known: await known() });
      // The browser host serves the exports folder, so the page can offer the file for download.
      const served = !deps.dialogs && path.dirname(path.resolve(result.path)) === path.resolve(exportsDir(deps.dataDir));
      return { path: result.path, bytes: result.bytes, preview: result.contents.preview, download: served ? path.basename(result.path) : null };
    },
  };
}

export function defaultBundleName(title: string): string {
  return `${fileSafeName(title.replace(/\.(zip|parallax(\.gz)?|gz)$/i, ''))}-bundle.zip`;
}
