// What each concern's own copy of the workflow code costs, measured without a server and so without
// the noise of one: the bundle evaluated as the SDK's reusable V8 context evaluates it (the preloaded
// modules once, shared and deep-frozen; every other module once per workflow, in a module cache of
// its own), then the concern's own first piece of work, the check of a continued run's input. The
// heap retained per concern and the time per concern, over many. Run in a child process with
// --expose-gc (`sandboxCost`), so the figure is not the benchmark's own heap.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import vm from 'node:vm';
import { decide, openConcern } from '../concern/decide';
import { loadConfig, snapshotOf } from '../config/load';
import { benchOpening } from './pool';

export interface SandboxCost {
  /** Heap retained per concern (KiB), after a full collection. */
  kiB: number;
  /** Time per concern (ms): its modules evaluated and its input checked. */
  ms: number;
}

/** The SDK's deepFreeze for what it shares (@temporalio/worker, reusable-vm.js), property for property. */
export function deepFreeze(object: unknown, visited = new WeakSet<object>()): void {
  if (object == null || (typeof object !== 'object' && typeof object !== 'function')) return;
  if (visited.has(object) || Object.isFrozen(object)) return;
  visited.add(object);
  if (typeof object === 'object') {
    for (const name of [...Object.getOwnPropertyNames(object), ...Object.getOwnPropertySymbols(object)]) {
      const value = (object as Record<PropertyKey, unknown>)[name];
      if (value && (typeof value === 'object' || typeof value === 'function')) {
        try {
          deepFreeze(value, visited);
        } catch {
          // as the SDK
        }
      }
    }
  }
  Object.freeze(object);
}

function measure(bundleFile: string, input: unknown, concerns: number): SandboxCost {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc');
  let code = readFileSync(bundleFile, 'utf8');
  code = code.slice(0, code.lastIndexOf('//# sourceMappingURL='));
  const shared = new Map<PropertyKey, unknown>();
  let own: Record<PropertyKey, unknown> | null = null;
  const context = vm.createContext({ TextEncoder, TextDecoder, URL, URLSearchParams, setTimeout, clearTimeout, input });
  Object.defineProperty(context, '__webpack_module_cache__', {
    value: new Proxy(
      {},
      {
        get: (_, key) => shared.get(key) ?? own?.[key],
        set: (_, key, value) => {
          if (own) own[key] = value;
          else shared.set(key, value);
          return true;
        },
      },
    ),
  });
  vm.runInContext(code, context);
  vm.runInContext('__TEMPORAL__.preloadModules?.()', context);
  for (const module of shared.values()) deepFreeze(module);
  const concern = vm.compileFunction(
    `__TEMPORAL__.importWorkflows();
     const carried = __webpack_module_cache__['./dist/concern/carried.js'];
     const checked = carried.exports.checkInput(input);
     if (!checked.ok) throw new Error(checked.reason);`,
    [],
    { parsingContext: context },
  ) as () => void;
  const kept: unknown[] = [];
  const one = () => {
    own = {};
    concern();
    kept.push(own);
  };
  one();
  gc();
  const before = process.memoryUsage().heapUsed;
  const start = performance.now();
  for (let i = 0; i < concerns; i++) one();
  const ms = (performance.now() - start) / concerns;
  gc();
  const kiB = (process.memoryUsage().heapUsed - before) / 1024 / concerns;
  return { kiB: Math.round(kiB), ms: Math.round(ms * 100) / 100 };
}

/** Measures in a child process of its own, with --expose-gc. */
export function sandboxCost(bundleFile: string, concerns = 50): SandboxCost {
  const out = execFileSync(process.execPath, ['--expose-gc', __filename, bundleFile, String(concerns)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return JSON.parse(out) as SandboxCost;
}

/** A continued run's input with a few decisions in its trail: what a concern checks first. */
function continuedInput(): unknown {
  const snapshot = snapshotOf(loadConfig());
  const ctx = {
    now: '2026-11-25T09:00:00.000Z',
    directory: snapshot.directory,
    policy: snapshot.policy,
    security: { ...snapshot.security, requireSignedDecisions: false },
  };
  const opened = openConcern(benchOpening('SANDBOX-1', 0), ctx);
  if (!opened.ok) throw new Error(opened.reason);
  const confirmed = decide(opened.state, 'confirm', { actor: 'ben.governance' }, ctx);
  if (!confirmed.ok) throw new Error(confirmed.reason);
  return {
    kind: 'continued',
    carried: { state: confirmed.state, config: snapshot, outbox: [], lastSeq: 2, fired: [] },
  };
}

if (require.main === module) {
  const [bundleFile, concerns] = process.argv.slice(2);
  process.stdout.write(JSON.stringify(measure(bundleFile, continuedInput(), Number(concerns) || 50)));
}
