import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startEmbedded, stopEmbedded } from '#adapters/embedded/server.js';
import { reachesServer } from './tier.js';

reachesServer('it imports test/support/ownServer');

/**
 * An embedded FerretDB of one test file's own, which its tests may stop, start again on the
 * same port, and pause (SIGSTOP): what must not happen to the server the other files share.
 */
export class OwnServer {
  uri = '';
  pid = 0;
  private port = 0;

  private constructor(private readonly dataDir: string) {}

  static async start(label: string): Promise<OwnServer> {
    const server = new OwnServer(await fs.mkdtemp(path.join(os.tmpdir(), `flux-manage-${label}-`)));
    await server.restart();
    return server;
  }

  /** Starts it (again, on the port it had). */
  async restart(): Promise<void> {
    const status = await startEmbedded({ dataDir: this.dataDir, port: this.port });
    this.uri = status.uri ?? '';
    this.pid = status.pid ?? 0;
    this.port = Number(new URL(this.uri).port);
  }

  async stop(): Promise<void> {
    await stopEmbedded(this.dataDir);
  }

  /** Holds it: it keeps its connections and answers nothing until it is resumed. */
  pause(): void {
    process.kill(this.pid, 'SIGSTOP');
  }

  resume(): void {
    process.kill(this.pid, 'SIGCONT');
  }

  async close(): Promise<void> {
    try {
      this.resume();
    } catch {
      // Already gone.
    }
    await this.stop().catch(() => undefined);
    await fs.rm(this.dataDir, { recursive: true, force: true });
  }
}
