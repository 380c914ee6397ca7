import { Ajv, type ValidateFunction } from 'ajv';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { OPENABLE_FILE } from '../electron/shell/open-requests';
import { BUILDER_CONFIG } from './builder-args';

const root = path.resolve(import.meta.dirname, '..');
const readJson = (file: string): unknown => JSON.parse(readFileSync(file, 'utf8'));
type Json = Record<string, unknown>;
const config = readJson(path.join(root, BUILDER_CONFIG)) as Json;
const pkg = readJson(path.join(root, 'package.json')) as Json;
const section = (name: string) => config[name] as Json;

/** electron-builder's own schema, as shipped in app-builder-lib, compiled the way its loader reads it. */
function builderSchemaValidator(): ValidateFunction {
  const schemaPath = path.join(root, 'node_modules', 'app-builder-lib', 'scheme.json');
  const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
  // The schema marks hook options with a non-standard `typeof: "function"`. Ignoring the keyword
  // would make those `anyOf` branches accept anything, so give it its meaning instead.
  ajv.addKeyword({ keyword: 'typeof', schemaType: 'string', validate: (type: string, data: unknown) => typeof data === type });
  return ajv.compile(readJson(schemaPath) as object);
}

/** Every option in the config that names a file in the repo, with its place in the config. */
function referencedFiles(): { where: string; file: string }[] {
  const fileKeys = new Set(['icon', 'entitlements', 'entitlementsInherit', 'entitlementsLoginHelper', 'from', 'installerIcon', 'uninstallerIcon', 'installerHeaderIcon', 'license', 'include', 'script', 'background', 'requirements', 'provisioningProfile']);
  const found: { where: string; file: string }[] = [];
  const walk = (value: unknown, where: string) => {
    if (Array.isArray(value)) value.forEach((item, i) => walk(item, `${where}[${i}]`));
    else if (value && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) {
        if (fileKeys.has(key) && typeof child === 'string') found.push({ where: `${where}.${key}`, file: child });
        else walk(child, `${where}.${key}`);
      }
    }
  };
  walk(config, 'config');
  return found;
}

describe('electron-builder configuration', () => {
  const validate = builderSchemaValidator();

  it('is valid against electron-builder\'s own configuration schema', () => {
    const valid = validate(config);
    expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 2)).toEqual([]);
    expect(valid).toBe(true);
  });

  it('is checked by a validator that rejects misspelt options and wrong types', () => {
    expect(validate({ ...config, electronFuse: { runAsNode: false } })).toBe(false);
    expect(validate({ ...config, electronFuses: { runAsNode: 'no' } })).toBe(false);
    expect(validate({ ...config, linux: { ...section('linux'), desktop: { entry: 'not a map' } } })).toBe(false);
  });

  it('names only files that exist: icons, entitlements, extra resources and its own schema', () => {
    const files = referencedFiles();
    expect(files.map((f) => f.where)).toEqual(expect.arrayContaining(['config.mac.icon', 'config.win.icon', 'config.linux.icon', 'config.mac.entitlements', 'config.extraResources[0].from']));
    for (const { where, file } of files) expect(existsSync(path.join(root, file)), `${where}: ${file}`).toBe(true);
    expect(existsSync(path.join(root, path.dirname(BUILDER_CONFIG), config.$schema as string))).toBe(true);
  });

  it('gives Linux a PNG folder electron-builder can read sizes from (NxN.png)', () => {
    for (const size of [16, 32, 48, 64, 128, 256, 512]) expect(existsSync(path.join(root, section('linux').icon as string, `${size}x${size}.png`)), `${size}`).toBe(true);
  });

  it('builds dmg and zip for Intel and Apple silicon, NSIS for Windows, AppImage and deb for Linux', () => {
    const targets = (platform: string) => (section(platform).target as { target: string; arch: string[] }[]).map((t) => `${t.target}:${[...t.arch].sort().join('+')}`);
    expect(targets('mac')).toEqual(['dmg:arm64+x64', 'zip:arm64+x64']);
    expect(targets('win')).toEqual(['nsis:x64']);
    expect(targets('linux')).toEqual(['AppImage:x64', 'deb:x64']);
  });

  it('signs macOS builds with the hardened runtime and leaves notarisation to credentials in the environment', () => {
    const mac = section('mac');
    expect(mac.hardenedRuntime).toBe(true);
    // electron-builder notarises after signing when APPLE_* credentials are set; `false` would switch that off.
    expect(mac.notarize).toBeUndefined();
    const entitlements = readFileSync(path.join(root, mac.entitlements as string), 'utf8');
    const granted = [...entitlements.matchAll(/<key>([^<]+)<\/key>/g)].map((m) => m[1]);
    expect(granted).toEqual(['com.apple.security.cs.allow-jit', 'com.apple.security.cs.allow-unsigned-executable-memory']);
  });

  it('sets every Electron fuse the schema knows, with RunAsNode off and ASAR integrity, ASAR-only loading and cookie encryption on', () => {
    const schema = readJson(path.join(root, 'node_modules', 'app-builder-lib', 'scheme.json')) as { definitions: { FuseOptionsV1: { properties: Json } } };
    const fuses = section('electronFuses');
    expect(Object.keys(fuses).sort()).toEqual(Object.keys(schema.definitions.FuseOptionsV1.properties).sort());
    // Flipping fuses breaks the ad-hoc signature Electron's arm64 binary ships with; an unsigned
    // build (no certificate) would then be killed at launch on Apple silicon unless re-signed ad hoc.
    expect(fuses.resetAdHocDarwinSignature).toBe(true);
    expect(fuses).toMatchObject({
      runAsNode: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      grantFileProtocolExtraPrivileges: false,
    });
    expect(config.asar).toBe(true);
  });

  it('associates .parallax captures with the app, and main opens what the association hands it', () => {
    const associations = config.fileAssociations as { ext: string; mimeType?: string }[];
    const parallax = associations.find((a) => a.ext === 'parallax');
    expect(parallax?.mimeType).toMatch(/^application\//);
    expect(OPENABLE_FILE.test(`capture.${parallax?.ext}`)).toBe(true);
  });

  it('packages dist/ and package.json only (runtime dependencies are added by electron-builder), without source maps', () => {
    expect(config.files).toEqual(['dist/**/*', '!dist/**/*.map', 'package.json']);
    expect((pkg.main as string).startsWith('dist/')).toBe(true);
  });

  it('uses the product name and an author electron-builder can put in installers', () => {
    expect(config.productName).toBe(pkg.productName);
    expect(config.appId).toMatch(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/i);
    expect(pkg.author).toBeTruthy();
    expect((pkg.scripts as Json).icons).toBe('tsx scripts/icons.ts');
  });

  it('names the Linux .desktop entry after desktopName, which Electron uses as the window\'s app_id', () => {
    expect(section('linux').syncDesktopName).toBe(true);
    expect(pkg.desktopName).toBe(`${pkg.name as string}.desktop`);
  });
});
