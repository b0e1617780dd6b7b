// Starting and watching the node the benchmarks measure.

import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

import { freePort } from '../e2e/lib/devnode.mjs';
import { Platform } from '../e2e/lib/platform.mjs';

/**
 * Starts `bin` on the chain spec `spec` (Alice authoring, `--tmp`, loopback, free ports, pool and
 * RPC limits raised for bulk submission) plus `extraArgs`; returns `{ child, platform, httpUrl }`
 * once a block is finalized (`platform` on the WebSocket endpoint, `httpUrl` the same port over
 * HTTP). Stop it with `stopNode`.
 */
export async function startNode(bin, spec, extraArgs = []) {
  const [rpcPort, p2pPort] = [await freePort(), await freePort()];
  const child = spawn(bin, [
    '--chain', spec, '--alice', '--force-authoring', '--tmp',
    '--node-key', '0000000000000000000000000000000000000000000000000000000000000001',
    '--rpc-port', String(rpcPort), '--listen-addr', `/ip4/127.0.0.1/tcp/${p2pPort}`,
    '--no-telemetry', '--no-prometheus', '--no-mdns',
    '--pool-limit', '200000', '--pool-kbytes', '1000000',
    '--rpc-max-connections', '100', '--rpc-max-request-size', '64', '--rpc-max-response-size', '64',
    '--rpc-max-subscriptions-per-connection', '100000',
    ...extraArgs,
  ], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr = (stderr + d).slice(-3_000); });
  const url = `ws://127.0.0.1:${rpcPort}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`otc-node exited:\n${stderr}`);
    try {
      const platform = await Platform.connect(url);
      if ((await platform.finalizedHead()).number >= 1) {
        return { child, platform, httpUrl: `http://127.0.0.1:${rpcPort}` };
      }
      await platform.disconnect();
    } catch {
      // not up yet
    }
    if (i > 300) {
      child.kill('SIGKILL');
      throw new Error(`otc-node did not start:\n${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/** Stops a node `startNode` started, and waits for it to exit. */
export async function stopNode({ child, platform }) {
  await platform.disconnect().catch(() => {});
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.on('exit', resolve));
  child.kill('SIGINT');
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  await exited;
  clearTimeout(timer);
}

/** Peak resident memory of process `pid`, in MiB. */
export function peakRssMiB(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}
