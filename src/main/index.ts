/**
 * The Electron composition root: one app instance, one window, one core. It only wires pieces
 * together; what is worth testing lives in window.ts, ipc.ts and core/.
 *
 * Invariants:
 * - A second launch focuses the running window instead of starting another core.
 * - Guards are in place before any page loads: permissions, the CSP header (production),
 *   navigation/window-open guards on every webContents, and sender-checked IPC (events travel
 *   on a MessageChannelMain port per subscription, see ipc.ts).
 * - The agent's process group is killed before the app exits, whichever way it exits (last
 *   window closed, Quit, SIGINT/SIGTERM): `before-quit` waits for `core.close()`.
 * - A global shortcut (default CommandOrControl+Shift+., SLUICE_INTERRUPT_SHORTCUT) interrupts
 *   the streaming turn while the window is unfocused; it is released on quit.
 * - Development is detected by electron-vite's ELECTRON_RENDERER_URL only; without it the
 *   built renderer is loaded from disk.
 */

import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { BrowserWindow, MessageChannelMain, app, dialog, globalShortcut, ipcMain, nativeTheme, session, shell } from 'electron';
import { SluiceError } from '../shared/agent-error';
import { resolveAgentLaunch, withVersion, type AgentChoice, type AgentLaunch, type AgentLaunchOptions } from '../core/agent/agent-launch';
import { simulatorScript } from '../core/agent/simulator-script';
import { createCore, type SluiceCore } from '../core/core';
import { dataDir } from '../core/journal/data-dir';
import { folderPicker } from './folder-picker';
import { registerIpc } from './ipc';
import { denyPermissions, installContentSecurityPolicy, installNavigationGuards, windowBackground, windowOptions } from './window';

const entryDir = dirname(fileURLToPath(import.meta.url));
const preloadPath = join(entryDir, '..', 'preload', 'index.cjs');
const rendererIndex = join(entryDir, '..', 'renderer', 'index.html');
const devServerUrl = process.env.ELECTRON_RENDERER_URL;
/** Interrupts the streaming turn even while the window is not focused (SLUICE_INTERRUPT_SHORTCUT overrides). */
const interruptShortcut = process.env.SLUICE_INTERRUPT_SHORTCUT ?? 'CommandOrControl+Shift+.';

let core: SluiceCore | undefined;
let mainWindow: BrowserWindow | undefined;
/** Set once the agent is stopped: the next `before-quit` may proceed. */
let agentStopped = false;

function agentLaunch(): AgentLaunch {
  const options: AgentLaunchOptions = {
    choice: agentChoice(process.env.SLUICE_AGENT),
    agentCmd: process.env.SLUICE_AGENT_CMD,
    claudePath: process.env.SLUICE_CLAUDE_PATH,
    simScript: simulatorScript(import.meta.url),
    cwd: process.cwd(),
    env: process.env,
    projectDirs: [process.cwd(), app.getAppPath()],
    ownDir: app.getAppPath(),
  };
  try {
    return resolveAgentLaunch(options);
  } catch (error) {
    if (!(error instanceof SluiceError)) throw error;
    // The app stays usable: the person sees why, and talks to the simulator meanwhile.
    dialog.showErrorBox(
      'Sluice: the agent could not be started',
      `${error.message}${error.detail ? `\n\n${error.detail}` : ''}\n\nSluice is using its built-in simulator instead.`,
    );
    return resolveAgentLaunch({ ...options, choice: 'sim', agentCmd: undefined });
  }
}

function agentChoice(value: string | undefined): AgentChoice {
  if (value === undefined || value === '' || value === 'auto') return 'auto';
  if (value === 'sim' || value === 'claude') return value;
  // Reported through the same dialog as any other launch problem.
  dialog.showErrorBox('Sluice: unknown agent', `SLUICE_AGENT must be auto, sim or claude (it is "${value}"). Using auto.`);
  return 'auto';
}

async function start(): Promise<void> {
  await app.whenReady();
  core = createCore({
    dataDir: dataDir(process.env, app.getPath('userData')),
    launch: await withVersion(agentLaunch()),
    transport: 'electron',
    version: app.getVersion(),
    pickFolder: folderPicker(dialog, () => mainWindow),
  });

  const appSession = session.defaultSession;
  denyPermissions(appSession);
  if (devServerUrl === undefined) installContentSecurityPolicy(appSession);

  const window = new BrowserWindow(windowOptions(preloadPath, nativeTheme.shouldUseDarkColors));
  mainWindow = window;
  nativeTheme.on('updated', () => {
    if (!window.isDestroyed()) window.setBackgroundColor(windowBackground(nativeTheme.shouldUseDarkColors));
  });
  window.once('ready-to-show', () => window.show());
  window.on('closed', () => {
    mainWindow = undefined;
  });

  const appUrl = devServerUrl ?? pathToFileURL(rendererIndex).href;
  registerIpc({
    ipcMain,
    contents: window.webContents,
    api: core,
    createPortPair: () => new MessageChannelMain(),
    appUrl,
    onRefused: (channel, senderUrl) => console.warn(`sluice: refused ${channel} from ${senderUrl ?? 'a closed frame'}`),
  });

  const sluiceCore = core;
  if (!globalShortcut.register(interruptShortcut, () => void sluiceCore.interrupt())) {
    console.warn(`sluice: the interrupt shortcut ${interruptShortcut} is taken by another application`);
  }

  if (devServerUrl !== undefined) await window.loadURL(devServerUrl);
  else await window.loadFile(rendererIndex);
}

function shutdown(): Promise<void> {
  if (app.isReady()) globalShortcut.unregisterAll();
  return core?.close() ?? Promise.resolve();
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.enableSandbox();
  // Every webContents, including any a bug might create, gets the guards before it loads.
  app.on('web-contents-created', (_event, contents) => installNavigationGuards(contents, (url) => shell.openExternal(url)));
  app.on('second-instance', () => {
    if (mainWindow === undefined) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  // Closing the window ends the session on every platform: the agent must not outlive it.
  app.on('window-all-closed', () => app.quit());
  app.on('before-quit', (event) => {
    if (agentStopped) return;
    event.preventDefault();
    shutdown()
      .catch((error: unknown) => console.error('sluice: could not stop the agent cleanly:', error))
      .finally(() => {
        agentStopped = true;
        app.quit();
      });
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => app.quit());

  start().catch(async (error: unknown) => {
    dialog.showErrorBox('Sluice could not start', error instanceof Error ? (error.stack ?? error.message) : String(error));
    // app.exit skips before-quit, so the agent is stopped here first.
    await shutdown().catch(() => undefined);
    app.exit(1);
  });
}
