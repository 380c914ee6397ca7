import { z } from 'zod';
import { LaneConfigRecord } from '../capture/envelope';
import { RedactionCount } from './redaction-options';

export const BUNDLE_FORMAT = 'mcp-parallax-bundle';
/** Bumped when an older reader would misread a bundle; readers refuse newer versions by name. */
export const BUNDLE_VERSION = 1;

/** The files of a bundle, by role. The capture is the source of truth; the rest is derived from it. */
export const BUNDLE_FILES = {
  manifest: 'manifest.json',
  capture: 'capture.parallax',
  har: 'capture.har',
  tools: 'tools.json',
  reportMarkdown: 'report.md',
  reportHtml: 'report.html',
} as const;

export const BundleEnvironment = z.object({
  app: z.object({ name: z.string(), version: z.string() }),
  os: z.object({ platform: z.string(), release: z.string(), arch: z.string() }),
  runtime: z.object({ node: z.string(), electron: z.string().optional(), chromium: z.string().optional() }),
});
export type BundleEnvironment = z.infer<typeof BundleEnvironment>;

export const BundleManifest = z.object({
  format: z.literal(BUNDLE_FORMAT),
  version: z.number().int().positive(),
  createdAt: z.string(),
  ...BundleEnvironment.shape,
  capture: z.object({
    file: z.string(),
    formatVersion: z.number().int().positive(),
    createdAt: z.string(),
    envelopes: z.number().int().nonnegative(),
    emulated: z.boolean(),
  }),
  /** The lanes as configured for the run, secrets removed. */
  lanes: z.array(LaneConfigRecord),
  redaction: z.object({
    enabled: z.boolean(),
    /** The user's own rules; a regular expression is listed by kind only, since it may spell a secret. */
    userRules: z.array(z.object({ kind: z.enum(['header', 'regex', 'json-path']), name: z.string().optional(), path: z.string().optional() })),
    removed: z.array(RedactionCount),
    envelopesChanged: z.number().int().nonnegative(),
  }),
  files: z.array(z.object({ name: z.string(), bytes: z.number().int().nonnegative() })),
});
export type BundleManifest = z.infer<typeof BundleManifest>;

export class BundleFormatError extends Error {
  override name = 'BundleFormatError';
}

/** Checks a manifest's text, naming what is wrong: not JSON, not a bundle, a newer version, a bad field. */
export function parseManifest(text: string): BundleManifest {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new BundleFormatError(`manifest.json is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const head = z.object({ format: z.string(), version: z.number() }).safeParse(value);
  if (!head.success || head.data.format !== BUNDLE_FORMAT) throw new BundleFormatError(`manifest.json does not describe an MCP Parallax bundle (format should be "${BUNDLE_FORMAT}")`);
  if (head.data.version > BUNDLE_VERSION) {
    throw new BundleFormatError(`This bundle uses bundle format version ${head.data.version}, but this MCP Parallax reads bundle format versions 1 to ${BUNDLE_VERSION}. Update MCP Parallax to open it.`);
  }
  const parsed = BundleManifest.safeParse(value);
  if (!parsed.success) throw new BundleFormatError(`manifest.json is damaged: ${z.prettifyError(parsed.error).replace(/\n/g, '; ')}`);
  return parsed.data;
}
