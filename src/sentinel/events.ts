/**
 * Sentinel events and the other effects the decision cores ask the I/O shell to perform. An event is
 * logged as `<name> <message>` at its level and published on the pub/sub channel of the same name
 * (Redis's sentinelEvent); warning-level events also feed the notification script.
 *
 * `%@` in Redis's formats is the instance description built by describe():
 * `<type> <name> <ip> <port>` and, for replicas and Sentinels, ` @ <master> <master-ip> <master-port>`.
 */
import type { Addr, Instance, MasterState } from './state.js';

export type EventLevel = 'debug' | 'verbose' | 'notice' | 'warning';

export type Action =
  | { type: 'event'; level: EventLevel; name: string; message: string; master: MasterState | null }
  | { type: 'log'; level: EventLevel; text: string }
  | { type: 'ping'; inst: Instance }
  | { type: 'info'; inst: Instance }
  | { type: 'hello'; inst: Instance }
  | { type: 'ask-master-down'; sentinel: Instance; master: MasterState; runId: string }
  /** MULTI / SLAVEOF host port (or NO ONE when host is null) / CONFIG REWRITE / CLIENT KILL ... / EXEC. */
  | { type: 'slaveof'; inst: Instance; host: string | null; port: number }
  | { type: 'close-link'; inst: Instance; which: 'cmd' | 'pubsub' }
  | { type: 'save-config' }
  | { type: 'client-reconfig'; master: MasterState; role: 'leader' | 'observer'; state: 'start' | 'end' | 'abort'; from: Addr; to: Addr }
  /** The master moved: the shell drops its links to instances that no longer exist. */
  | { type: 'master-reset'; master: MasterState }
  | { type: 'crash' };

/** `%@`: the instance description used in event messages. */
export function describe(i: Instance): string {
  let s = `${i.kind} ${i.name} ${i.addr.host} ${i.addr.port}`;
  if (i.master !== null) s += ` @ ${i.master.name} ${i.master.addr.host} ${i.master.addr.port}`;
  return s;
}

/** Queues an event whose message is `%@` followed by `extra` (Redis's "%@ ..." formats). */
export function instEvent(out: Action[], level: EventLevel, name: string, inst: Instance, extra = ''): void {
  const master = inst.kind === 'master' ? (inst as MasterState) : inst.master;
  out.push({ type: 'event', level, name, message: describe(inst) + extra, master });
}

/** An event with a free-form message (+new-epoch 1, +switch-master ..., +tilt). */
export function rawEvent(out: Action[], level: EventLevel, name: string, message: string, master: MasterState | null = null): void {
  out.push({ type: 'event', level, name, message, master });
}
