/** A benchmark's `--name value` pairs, as `npm run bench:… -- --seed 11 --scenario two-levels` passes them. */
export function benchArgs(argv: readonly string[] = process.argv): Map<string, string> {
  const args = new Map<string, string>();
  for (let i = 2; i < argv.length - 1; i += 2) args.set(argv[i]!.replace(/^--/, ''), argv[i + 1]!);
  return args;
}
