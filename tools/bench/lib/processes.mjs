// Child processes of the benchmark: started, watched through /proc (CPU time, memory), stopped by PID.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat's utime and stime (`getconf CLK_TCK`, 100 on Linux). */
const CLK_TCK = 100;
const children = new Set();

/**
 * Starts `node <args>` and resolves once a line of its output matches `ready`, with the match. The last
 * lines of its output are kept so a failed start (or a crash mid-run) can be explained.
 */
export function launch(name, args, { env, ready, ipc = false, timeoutMs = 90_000 }) {
  const child = spawn(process.execPath, args, {
    env,
    stdio: ipc ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'],
  });
  const proc = { name, child, pid: child.pid, tail: [], exited: false, exitCode: null };
  children.add(proc);
  const keep = (d) => {
    for (const line of String(d).split('\n')) if (line.trim()) proc.tail.push(line.slice(0, 400));
    if (proc.tail.length > 40) proc.tail.splice(0, proc.tail.length - 40);
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${name} not ready after ${timeoutMs} ms:\n${proc.tail.join('\n')}`)),
      timeoutMs,
    );
    let buffered = '';
    child.stdout.on('data', (d) => {
      keep(d);
      if (proc.ready) return;
      buffered += String(d);
      const m = ready.exec(buffered);
      if (m) {
        proc.ready = true;
        clearTimeout(timer);
        resolve({ proc, match: m });
      }
    });
    child.stderr.on('data', keep);
    child.on('exit', (code, signal) => {
      proc.exited = true;
      proc.exitCode = code ?? signal;
      children.delete(proc);
      clearTimeout(timer);
      reject(new Error(`${name} exited (${code ?? signal}):\n${proc.tail.join('\n')}`));
    });
  });
}

/** Stops every child still running, by PID: SIGTERM, then SIGKILL for any still there after `graceMs`. */
export async function stopAll(graceMs = 5_000) {
  const running = [...children].filter((p) => !p.exited);
  for (const p of running) signal(p.pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (running.some((p) => !p.exited) && Date.now() < deadline) await sleep(50);
  for (const p of running) if (!p.exited) signal(p.pid, 'SIGKILL');
}

/** A child that died before it was asked to: the run cannot go on meaningfully. */
export function assertAlive(procs) {
  for (const p of procs) if (p.exited) throw new Error(`${p.name} died (${p.exitCode}):\n${p.tail.join('\n')}`);
}

function signal(pid, sig) {
  try {
    process.kill(pid, sig);
  } catch {
    // Already gone.
  }
}

/** User + system CPU time of a process so far, in milliseconds. */
export function cpuMs(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK;
}

/** Resident memory now and its high-water mark since the process started, in MB. */
export function memoryMb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key) => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0);
  return { rss: kb('VmRSS') / 1024, hwm: kb('VmHWM') / 1024 };
}

/**
 * Watches a set of processes over one measurement: CPU time consumed (summed over them) and the peak
 * resident memory, sampled every `everyMs` (per process and summed; VmHWM cannot be reset, so it only
 * tells the peak since start).
 */
export function watch(procs, everyMs = 100) {
  const cpu0 = procs.map((p) => cpuMs(p.pid));
  const peak = procs.map(() => 0);
  let peakSum = 0;
  const sample = () => {
    let sum = 0;
    procs.forEach((p, i) => {
      try {
        const { rss } = memoryMb(p.pid);
        peak[i] = Math.max(peak[i], rss);
        sum += rss;
      } catch {
        // The process is gone; assertAlive reports it.
      }
    });
    peakSum = Math.max(peakSum, sum);
  };
  sample();
  const timer = setInterval(sample, everyMs);
  const t0 = performance.now();
  return {
    stop() {
      clearInterval(timer);
      sample();
      const cpu = procs.reduce((s, p, i) => s + cpuMs(p.pid) - cpu0[i], 0);
      return { cpuMs: cpu, wallMs: performance.now() - t0, peakRssMb: Math.max(...peak), peakRssSumMb: peakSum };
    },
  };
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
