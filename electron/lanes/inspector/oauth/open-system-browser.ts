import { spawn } from 'node:child_process';

/** The platform's own "open this URL" command (no shell, so the URL is one argument whatever it holds). */
export function openSystemBrowser(url: string): Promise<void> {
  const [command, args] = process.platform === 'darwin' ? ['open', [url]]
    : process.platform === 'win32' ? ['rundll32', ['url.dll,FileProtocolHandler', url]]
      : ['xdg-open', [url]];
  process.stderr.write(`parallax: log in to the MCP server in your browser; if it did not open, visit:\n  ${url}\n`);
  return new Promise((resolve) => {
    const child = spawn(command, args as string[], { stdio: 'ignore', detached: true });
    // A missing opener is not fatal: the URL is printed above and the loopback listener still waits.
    child.once('error', () => resolve());
    child.once('spawn', () => {
      child.unref();
      resolve();
    });
  });
}
