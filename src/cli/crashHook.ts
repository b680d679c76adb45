/**
 * FLUX_MANAGE_CRASH_AT=<step> makes a load or rename kill itself with SIGKILL right after that
 * step: a real kill -9 at a known point, for the reliability tests (test/reliability). Nothing
 * runs after it, no catch block, no undo: exactly what a crash leaves.
 */
export function crashHook(env: NodeJS.ProcessEnv): ((step: string) => void) | undefined {
  const target = env.FLUX_MANAGE_CRASH_AT;
  if (!target) return undefined;
  return (step) => {
    if (step === target) process.kill(process.pid, 'SIGKILL');
  };
}
