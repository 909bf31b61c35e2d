import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import bcrypt from "bcryptjs";

export interface RunningRegistry {
  /** `127.0.0.1:PORT` */
  host: string;
  /** Where the registry keeps its blobs (for tamper tests). */
  storage: string;
  stop(): Promise<void>;
  /** SIGKILL the server mid-whatever (a crash), keeping its storage; `restart` brings it back on the same port. */
  crash(): Promise<void>;
  restart(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/** Debian's docker-registry (distribution 2.x) on 127.0.0.1 with a free port and a temporary storage dir. */
export async function startOciRegistry(options: { user?: { name: string; password: string } } = {}): Promise<RunningRegistry> {
  const dir = await mkdtemp(join(tmpdir(), "relm-oci-"));
  const port = await freePort();
  const storage = join(dir, "storage");
  const user = options.user;
  if (user) await writeFile(join(dir, "htpasswd"), `${user.name}:${bcrypt.hashSync(user.password, 6)}\n`);
  await writeFile(
    join(dir, "config.yml"),
    [
      "version: 0.1",
      "log:",
      "  level: error",
      "storage:",
      "  filesystem:",
      `    rootdirectory: ${storage}`,
      "  delete:",
      "    enabled: true",
      "http:",
      `  addr: 127.0.0.1:${port}`,
      ...(user ? ["auth:", "  htpasswd:", "    realm: relm-test", `    path: ${join(dir, "htpasswd")}`] : []),
      "",
    ].join("\n"),
  );
  const host = `127.0.0.1:${port}`;
  let child = await serve(join(dir, "config.yml"), host);
  const exited = (c: ChildProcess) => new Promise((r) => (c.exitCode !== null || c.signalCode !== null ? r(undefined) : c.once("exit", r)));
  return {
    host,
    storage,
    async stop() {
      child.kill("SIGTERM");
      await exited(child);
      await rm(dir, { recursive: true, force: true });
    },
    async crash() {
      child.kill("SIGKILL");
      await exited(child);
    },
    async restart() {
      child = await serve(join(dir, "config.yml"), host);
    },
  };
}

async function serve(config: string, host: string): Promise<ChildProcess> {
  const child: ChildProcess = spawn("/usr/bin/docker-registry", ["serve", config], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  for (let i = 0; ; i += 1) {
    try {
      const r = await fetch(`http://${host}/v2/`);
      if (r.ok || r.status === 401) break;
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null || i > 200) throw new Error(`docker-registry did not start: ${stderr}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return child;
}
