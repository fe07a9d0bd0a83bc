// code-server (VS Code in the browser, from npm): installed once into a cache folder, started on a
// loopback port with a fresh profile. VS Code itself cannot be downloaded on our machines; code-server
// runs the same workbench and a real Node extension host.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync, copyFileSync, mkdtempSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';

export const CODE_SERVER_VERSION = '4.100.3';
// code-server's @vscode/ripgrep downloads rg in its postinstall unless it finds it in this cache.
const RIPGREP_CACHE = join(process.env.TMPDIR ?? '/tmp', 'vscode-ripgrep-cache-1.15.11', 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz');
const DEBIAN_PACKAGES = ['build-essential', 'python3', 'libkrb5-dev', 'libxkbfile-dev', 'libsecret-1-dev', 'libx11-dev', 'ripgrep'];

export function cacheDir() {
  return process.env.PROMETHEUS_LSP_CACHE ?? join(homedir(), '.cache', 'prometheus-lsp');
}

/** Installs Debian packages that are missing, when running as root; says what it could not. */
export function ensureDebianPackages(packages, log) {
  const missing = packages.filter((p) => {
    try {
      execFileSync('dpkg', ['-s', p], { stdio: 'ignore' });
      return false;
    } catch {
      return true;
    }
  });
  if (missing.length === 0) return true;
  if (process.getuid?.() !== 0) {
    log(`missing Debian packages (install them as root): ${missing.join(' ')}`);
    return false;
  }
  log(`installing Debian packages: ${missing.join(' ')}`);
  execFileSync('apt-get', ['update'], { stdio: 'inherit' });
  execFileSync('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  return true;
}

/** The path of the code-server executable, installing it first if needed. */
export function ensureCodeServer(log) {
  const dir = join(cacheDir(), `code-server-${CODE_SERVER_VERSION}`);
  const bin = join(dir, 'node_modules', '.bin', 'code-server');
  if (existsSync(bin)) return bin;
  if (!process.version.startsWith('v20.')) throw new Error(`code-server ${CODE_SERVER_VERSION} needs Node 20, this is ${process.version}`);
  ensureDebianPackages(DEBIAN_PACKAGES, log);
  if (!existsSync(RIPGREP_CACHE) && existsSync('/usr/bin/rg')) {
    const staging = mkdtempSync(join(tmpdir(), 'rg-'));
    copyFileSync('/usr/bin/rg', join(staging, 'rg'));
    mkdirSync(join(RIPGREP_CACHE, '..'), { recursive: true });
    execFileSync('tar', ['czf', RIPGREP_CACHE, '-C', staging, 'rg']);
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), '{ "private": true }\n');
  log(`installing code-server ${CODE_SERVER_VERSION} into ${dir} (about a minute, once)`);
  execFileSync('npm', ['install', '--no-audit', '--no-fund', `code-server@${CODE_SERVER_VERSION}`], {
    cwd: dir,
    stdio: 'inherit',
    env: { ...process.env, npm_config_unsafe_perm: 'true', npm_config_nodedir: '/usr', npm_config_yes: 'true' },
  });
  if (!existsSync(bin)) throw new Error(`code-server did not install into ${dir}`);
  return bin;
}

/** A free TCP port on loopback. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** A fresh profile for one run: user data, extensions, config, with quiet settings. */
export function freshProfile(root) {
  const profile = {
    userDataDir: join(root, 'user-data'),
    extensionsDir: join(root, 'extensions'),
    configFile: join(root, 'config.yaml'),
    xdgDataHome: join(root, 'xdg'),
  };
  mkdirSync(join(profile.userDataDir, 'User'), { recursive: true });
  mkdirSync(profile.extensionsDir, { recursive: true });
  mkdirSync(profile.xdgDataHome, { recursive: true });
  writeFileSync(profile.configFile, 'auth: none\n');
  writeFileSync(join(profile.userDataDir, 'User', 'settings.json'), JSON.stringify({
    'security.workspace.trust.enabled': false,
    'workbench.startupEditor': 'none',
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoUpdate': false,
    'git.enabled': false,
  }, null, 2));
  return profile;
}

function environment(profile) {
  return { ...process.env, EXTENSIONS_GALLERY: '{}', XDG_DATA_HOME: profile.xdgDataHome };
}

export function installExtension(bin, profile, vsix) {
  execFileSync(bin, ['--user-data-dir', profile.userDataDir, '--extensions-dir', profile.extensionsDir, '--install-extension', vsix], {
    stdio: 'inherit',
    env: environment(profile),
  });
}

/** Starts code-server detached (its own process group) and waits for /healthz. */
export async function startCodeServer(bin, profile, port, { stdio = 'inherit', timeoutMs = 60_000, extraArgs = [] } = {}) {
  const child = spawn(bin, [...extraArgs,
    '--user-data-dir', profile.userDataDir, '--extensions-dir', profile.extensionsDir, '--config', profile.configFile,
    '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
  ], { detached: true, stdio, env: environment(profile) });
  const stop = () => {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode}`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      stop();
      throw new Error(`code-server did not answer /healthz within ${timeoutMs} ms`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { child, stop };
}
