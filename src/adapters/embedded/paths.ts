import os from 'node:os';
import path from 'node:path';

/** The user's data and cache directories, following each platform's convention. */
export function userDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.XDG_DATA_HOME) return path.join(env.XDG_DATA_HOME, 'flux-manage');
  if (process.platform === 'darwin') {
    return path.join(os.homedir(), 'Library', 'Application Support', 'flux-manage');
  }
  if (process.platform === 'win32' && env.LOCALAPPDATA) {
    return path.join(env.LOCALAPPDATA, 'flux-manage', 'data');
  }
  return path.join(os.homedir(), '.local', 'share', 'flux-manage');
}

export function userCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.XDG_CACHE_HOME) return path.join(env.XDG_CACHE_HOME, 'flux-manage');
  if (process.platform === 'darwin')
    return path.join(os.homedir(), 'Library', 'Caches', 'flux-manage');
  if (process.platform === 'win32' && env.LOCALAPPDATA) {
    return path.join(env.LOCALAPPDATA, 'flux-manage', 'cache');
  }
  return path.join(os.homedir(), '.cache', 'flux-manage');
}

export function defaultEmbeddedDataDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(userDataDir(env), 'embedded');
}
