import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { buildMenuTemplate, type MenuCommand } from './menu';

const labels = (items: MenuItemConstructorOptions[]) => items.map((i) => i.label ?? i.role);
const submenu = (item: MenuItemConstructorOptions | undefined) => (item?.submenu ?? []) as MenuItemConstructorOptions[];

describe('application menu', () => {
  const commands: MenuCommand[] = [];
  const actions = { command: (c: MenuCommand) => commands.push(c), openDocs: () => undefined, openIssues: () => undefined };

  it('follows macOS conventions: app menu first, Window menu, no Exit', () => {
    const menu = buildMenuTemplate('darwin', actions);
    expect(labels(menu)).toEqual(['MCP Parallax', '&File', '&Edit', '&View', 'windowMenu', '&Help']);
    expect(submenu(menu[0]).some((i) => i.role === 'quit')).toBe(true);
    expect(submenu(menu[1]).some((i) => i.role === 'quit')).toBe(false);
  });

  it('follows Windows and Linux conventions: Exit under File, About under Help', () => {
    for (const platform of ['win32', 'linux'] as const) {
      const menu = buildMenuTemplate(platform, actions);
      expect(labels(menu)).toEqual(['&File', '&Edit', '&View', '&Help']);
      expect(submenu(menu[0]).at(-1)?.role).toBe('quit');
      expect(submenu(menu[3]).some((i) => i.label?.includes('About'))).toBe(true);
    }
  });

  it('File offers Open Capture, Save Capture As and Export Bundle, each sending its command', () => {
    const file = submenu(buildMenuTemplate('linux', actions)[0]);
    const items = file.filter((i) => i.click);
    expect(items.map((i) => i.label)).toEqual(['Open Capture…', 'Save Capture As…', 'Export Bundle…']);
    for (const item of items) (item.click as () => void)();
    expect(commands).toEqual(['openCapture', 'saveCaptureAs', 'exportBundle']);
  });
});
