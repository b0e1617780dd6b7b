// Starts a real `otc-node --dev --tmp` on loopback with free ports for the tests, and stops it.

import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A free TCP port on 127.0.0.1. */
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

/** Calls `method` of the node at `url` over JSON-RPC on HTTP; returns its result, throws its error. */
export async function rpc(url, method, params = []) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  });
  const body = await response.json();
  if (body.error) throw new Error(`${method}: ${JSON.stringify(body.error)}`);
  return body.result;
}

/**
 * Starts the node binary `$OTC_NODE_BIN` with `--dev --tmp`, waits until a block is finalized,
 * and returns `{ url, httpUrl, log, stop }`. The node's output goes to a log file.
 */
export async function startDevNode({ timeoutMs = 90_000 } = {}) {
  const bin = process.env.OTC_NODE_BIN;
  if (!bin) throw new Error('OTC_NODE_BIN must name the otc-node binary (scripts/test.sh sets it)');
  const [rpcPort, p2pPort] = [await freePort(), await freePort()];
  const log = join(mkdtempSync(join(tmpdir(), 'otc-e2e-')), 'node.log');
  const out = createWriteStream(log);
  const child = spawn(
    bin,
    [
      '--dev',
      '--tmp',
      '--rpc-port', String(rpcPort),
      '--listen-addr', `/ip4/127.0.0.1/tcp/${p2pPort}`,
      '--no-telemetry',
      '--no-prometheus',
      '--no-mdns',
      '--rpc-cors', 'all',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout.pipe(out);
  child.stderr.pipe(out);
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const httpUrl = `http://127.0.0.1:${rpcPort}`;

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    const result = await exited;
    clearTimeout(timer);
    return result;
  };

  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`otc-node exited early (${child.exitCode}); see ${log}`);
    try {
      const hash = await rpc(httpUrl, 'chain_getFinalizedHead');
      const header = hash && (await rpc(httpUrl, 'chain_getHeader', [hash]));
      if (header && parseInt(header.number, 16) >= 1) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`otc-node finalized no block within ${timeoutMs / 1000} s; see ${log}`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return { url: `ws://127.0.0.1:${rpcPort}`, httpUrl, log, stop };
}
