import { DiscoveryService, MetadataScanner } from '@nestjs/core';

/** A configuration mistake found while the application starts: the process stops with its one line. */
export class StartupError extends Error {}

type Handler = (...args: never[]) => Promise<unknown>;

/** A method that handles one name (a job, an outbox topic), bound to its instance. */
export interface FoundHandler<F extends Handler = Handler> {
  name: string;
  /** `Class.method`, for the error that names it. */
  label: string;
  run: F;
}

/** Every method of the application's providers marked with `key` (by a typed decorator), and the name it handles. */
export function findHandlers<F extends Handler>(discovery: DiscoveryService, scanner: MetadataScanner, key: string): FoundHandler<F>[] {
  const found: FoundHandler<F>[] = [];
  for (const wrapper of discovery.getProviders()) {
    const instance: unknown = wrapper.instance;
    if (!instance || typeof instance !== 'object') continue;
    const prototype = Object.getPrototypeOf(instance) as Record<string, unknown>;
    for (const method of scanner.getAllMethodNames(prototype)) {
      const fn = prototype[method] as F;
      const name = Reflect.getMetadata(key, fn) as string | undefined;
      if (name) found.push({ name, label: `${instance.constructor.name}.${method}`, run: fn.bind(instance) as F });
    }
  }
  return found;
}

/** Exactly one handler per name, and none for a name outside `names`; otherwise a StartupError naming the culprit. */
export function oneHandlerEach<H extends FoundHandler>(
  found: H[],
  names: readonly string[],
  kind: string,
  decorator: string,
): Map<string, H> {
  const byName = new Map<string, H>();
  for (const handler of found) {
    const other = byName.get(handler.name);
    if (other) throw new StartupError(`${kind} ${handler.name} has two handlers: ${other.label} and ${handler.label}`);
    if (!names.includes(handler.name)) throw new StartupError(`${handler.label} handles ${kind} ${handler.name}, which does not exist`);
    byName.set(handler.name, handler);
  }
  const missing = names.find((name) => !byName.has(name));
  if (missing) throw new StartupError(`${kind} ${missing} has no handler: mark one method with @${decorator}('${missing}')`);
  return byName;
}

/** For a main(): a StartupError ends the process with its one line, as the preflight does; anything else is thrown on. */
export function exitOnStartupError(error: unknown): never {
  if (!(error instanceof StartupError)) throw error;
  process.stderr.write(`agora: ${error.message}\n`);
  process.exit(1);
}
