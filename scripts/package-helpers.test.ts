import { describe, expect, it } from 'vitest';
import { BUILDER_CONFIG, builderArgs, requestedPlatforms } from './builder-args';
import { explainPackagingFailure } from './packaging-failure';
import { notarisationCredentials, signingPlan } from './signing-plan';

// Shortened from a real run on a machine without outside network access.
const NO_ELECTRON = `  • packaging       platform=linux arch=x64 electron=45.5.0 appOutDir=release/linux-unpacked
  ⨯ getaddrinfo ENOTFOUND github.com  failedTask=build stackTrace=RequestError: getaddrinfo ENOTFOUND github.com
    at ClientRequest.<anonymous> (node_modules/got/dist/source/core/index.js:970:111)`;
const NO_APPIMAGE_TOOL = `  • packaging       platform=linux arch=x64 electron=45.5.0 appOutDir=release/linux-unpacked
  • building        target=AppImage arch=x64 file=release/mcp-parallax-0.1.0-linux-x86_64.AppImage
  ⨯ getaddrinfo EAI_AGAIN github.com  failedTask=build`;

describe('packaging failure line', () => {
  it('says Electron could not be had when the download fails before any target is built', () => {
    const line = explainPackagingFailure(NO_ELECTRON, '45.5.0');
    expect(line).toContain('could not get the Electron 45.5.0 binary (getaddrinfo ENOTFOUND github.com)');
    expect(line).not.toContain('\n');
  });

  it('blames a target tool when the download fails while building a target', () => {
    expect(explainPackagingFailure(NO_APPIMAGE_TOOL, '45.5.0')).toContain('could not download a tool for an installer target (getaddrinfo EAI_AGAIN github.com)');
  });

  it('stays silent about failures that are not downloads', () => {
    expect(explainPackagingFailure('  ⨯ Unable to read header size  failedTask=build', '45.5.0')).toBeNull();
  });
});

describe('electron-builder arguments', () => {
  it('uses our config, never publishes, and passes the caller\'s arguments last', () => {
    expect(builderArgs(['--linux', 'dir'], {})).toEqual(['--config', BUILDER_CONFIG, '--publish', 'never', '--linux', 'dir']);
  });

  it('packages an unpacked Electron already on disk when ELECTRON_OVERRIDE_DIST_PATH names one', () => {
    expect(builderArgs([], { ELECTRON_OVERRIDE_DIST_PATH: '/opt/electron' })).toContain('--config.electronDist=/opt/electron');
  });

  it('knows which platforms a run packages', () => {
    expect(requestedPlatforms([], 'darwin')).toEqual(['darwin']);
    expect(requestedPlatforms(['--linux', 'dir', '-w'], 'darwin')).toEqual(['linux', 'win32']);
  });
});

describe('signing plan', () => {
  it('reports notarisation only when a complete credential set is present', () => {
    expect(signingPlan({}, 'darwin')).toContain('not notarising');
    expect(signingPlan({ APPLE_API_KEY: '/k.p8', APPLE_API_KEY_ID: 'K', APPLE_API_ISSUER: 'I', CSC_LINK: 'x' }, 'darwin')).toBe('macOS: signing with the certificate in CSC_LINK; notarising with app-store-connect-api-key credentials once signed');
  });

  it('picks the credential set electron-builder picks and names what is missing from it', () => {
    expect(notarisationCredentials({ APPLE_ID: 'a@b.c', APPLE_API_KEY: '/k.p8' })).toEqual({ method: 'apple-id', missing: ['APPLE_APP_SPECIFIC_PASSWORD', 'APPLE_TEAM_ID'] });
    expect(notarisationCredentials({ APPLE_KEYCHAIN_PROFILE: 'p' })).toEqual({ method: 'keychain-profile', missing: [] });
    expect(notarisationCredentials({ APPLE_ID: '  ' })).toBeNull();
    expect(signingPlan({ APPLE_API_KEY_ID: 'K' }, 'darwin')).toContain('incomplete, electron-builder will stop: set APPLE_API_KEY, APPLE_API_ISSUER');
  });

  it('says when Windows installers will be unsigned', () => {
    expect(signingPlan({}, 'win32')).toContain('unsigned');
    expect(signingPlan({ WIN_CSC_LINK: 'cert.pfx' }, 'win32')).toContain('signing');
  });
});
