/**
 * When started by a supervising process over an IPC channel (the demo), shut down gracefully as soon as
 * that process goes away, so a killed demo leaves no api or worker behind. Without a channel it does nothing.
 */
export function exitWithSupervisor(): void {
  if (!process.send) return;
  process.once('disconnect', () => process.kill(process.pid, 'SIGTERM'));
}
