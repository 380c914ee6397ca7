// electron-builder downloads the Electron zip for each platform it packages (unless it is
// cached), then, per target, tools such as appimagetool or NSIS. Without a network those fail
// deep in a stack trace; this turns that into one line saying which download failed.

const NETWORK_ERROR = /\b(getaddrinfo \S+ \S+|ENOTFOUND \S+|EAI_AGAIN \S+|ECONNREFUSED \S+|ECONNRESET|ETIMEDOUT \S+|ENETUNREACH \S+|EHOSTUNREACH \S+|self[- ]signed certificate[^\n]*|unable to get local issuer certificate)/i;
// electron-builder logs "building  target=AppImage …" once the app folder exists, i.e. after Electron was had.
const TARGET_STARTED = /•\s+building\s+target=/;

export function explainPackagingFailure(output: string, electronVersion: string): string | null {
  const network = NETWORK_ERROR.exec(output);
  if (!network) return null;
  const reason = network[0].trim();
  const beforeError = output.slice(0, network.index);
  if (TARGET_STARTED.test(beforeError)) {
    return `MCP Parallax: packaging stopped: electron-builder could not download a tool for an installer target (${reason}); build that target where its download host is reachable, or use --dir.`;
  }
  return `MCP Parallax: cannot package here: electron-builder could not get the Electron ${electronVersion} binary (${reason}); run \`npm run package\` where Electron can be downloaded, or set ELECTRON_OVERRIDE_DIST_PATH to an unpacked Electron ${electronVersion}.`;
}
