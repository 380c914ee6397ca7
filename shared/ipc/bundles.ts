import { z } from 'zod';
import { RedactionPreview, UserRedactionRule } from '../bundle/redaction-options';

/** The redaction choices the Export Bundle dialog sends: the include-secrets checkbox and the user's rules. */
const Redaction = {
  includeSecrets: z.boolean().default(false),
  rules: z.array(UserRedactionRule).max(100).default([]),
};

export const BundlePreviewResponse = RedactionPreview.extend({
  /** The session the bundle would be made from. */
  title: z.string(),
  /** Damaged lines of the capture that the bundle cannot contain either. */
  skipped: z.number().int().nonnegative(),
});
export type BundlePreviewResponse = z.infer<typeof BundlePreviewResponse>;

export const BundleExportResponse = z.object({
  /** Where the bundle was written. */
  path: z.string(),
  bytes: z.number().int().nonnegative(),
  preview: RedactionPreview,
  /** Browser host: the file name to fetch through the host's download route; null in Electron. */
  download: z.string().nullable(),
});
export type BundleExportResponse = z.infer<typeof BundleExportResponse>;

export const bundleRequests = {
  /** What exporting the current session would remove, and how often; nothing is written. */
  previewBundle: { request: z.object(Redaction).strict(), response: BundlePreviewResponse },
  /**
   * Writes the current session as a bug-report bundle. Electron asks where with its Save dialog
   * (null when cancelled); the browser host writes into the data directory's `exports/` folder,
   * which it serves for download.
   * `path` (a new `.zip`) skips the dialog.
   */
  exportBundle: { request: z.object({ path: z.string().min(1).max(4096).optional(), ...Redaction }).strict(), response: BundleExportResponse.nullable() },
} as const;
