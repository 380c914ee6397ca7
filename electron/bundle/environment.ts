import { arch, platform, release } from 'node:os';
import type { BundleEnvironment } from '../../shared/bundle/manifest';
import { APP_VERSION } from '../app-version';

/** Where the bundle was made: the versions a maintainer asks for first. */
export function bundleEnvironment(): BundleEnvironment {
  const versions = process.versions as NodeJS.ProcessVersions & { electron?: string; chrome?: string };
  return {
    app: { name: 'MCP Parallax', version: APP_VERSION },
    os: { platform: platform(), release: release(), arch: arch() },
    runtime: { node: versions.node, ...(versions.electron ? { electron: versions.electron } : {}), ...(versions.chrome ? { chromium: versions.chrome } : {}) },
  };
}
