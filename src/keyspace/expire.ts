/**
 * Expiry. Lazy expiry lives in Database.expireIfNeeded (a key is checked when touched); this file is the
 * active cycle that finds keys nobody touches, as Redis's activeExpireCycle does:
 *
 * every cron tick, for each database with volatile keys, sample up to 20 keys from `expires` through the
 * db's live iterator (db.expireCursor: a Map iterator survives deletes, so the walk resumes where it stopped
 * and eventually sees every volatile key), delete the expired ones, and sample again while more than 10% of
 * the last sample was expired and the time budget (25% of the tick period) is not spent. Deleting goes through
 * db.expireIfNeeded, so every expired key is propagated as DEL and notified as "expired" exactly once.
 *
 * Replicas never expire actively: their master sends the DELs. DEBUG SET-ACTIVE-EXPIRE 0 switches it off.
 * Also kept here: the avg_ttl estimate of INFO keyspace (a moving average over the sampled TTLs) and the
 * stats expired_stale_perc, expire_cycle_cpu_milliseconds and expired_time_cap_reached_count.
 */
import type { Server } from '../server/server.js';
import type { Database } from './database.js';

const KEYS_PER_LOOP = 20;
const ACCEPTABLE_STALE_PERC = 10;
const BUDGET_FRACTION = 0.25;

export class ActiveExpire {
  enabled = true;
  /** Database the next cycle starts from (rotates, so a time cap does not starve the last databases). */
  private nextDb = 0;

  constructor(private readonly server: Server) {}

  /** One cycle; returns the number of keys expired. */
  cycle(): number {
    const s = this.server;
    if (!this.enabled || s.isReplica) return 0;
    const t0 = performance.now();
    const budgetMs = Math.max(1, s.cron.periodMs * BUDGET_FRACTION);
    const dbs = s.dbs;
    let sampled = 0;
    let expired = 0;
    let capped = false;
    for (let n = 0; n < dbs.length && !capped; n++) {
      const db = dbs[(this.nextDb + n) % dbs.length];
      const r = this.cycleDb(db, t0, budgetMs);
      sampled += r.sampled;
      expired += r.expired;
      capped = r.capped;
      if (capped) this.nextDb = (this.nextDb + n) % dbs.length;
    }
    if (!capped) this.nextDb = 0;
    const elapsed = performance.now() - t0;
    s.stats.expireCycleCpuMs += elapsed;
    if (capped) s.stats.expiredTimeCapReachedCount++;
    const perc = sampled > 0 ? (expired / sampled) * 100 : 0; // INFO prints it as a percentage
    s.stats.expiredStalePerc = perc * 0.05 + s.stats.expiredStalePerc * 0.95;
    return expired;
  }

  private cycleDb(db: Database, t0: number, budgetMs: number): { sampled: number; expired: number; capped: boolean } {
    let sampled = 0;
    let expired = 0;
    for (;;) {
      const volatile = db.expires.size;
      if (volatile === 0) {
        db.avgTtlMs = 0;
        db.expireCursor = null;
        return { sampled, expired, capped: false };
      }
      const r = this.sampleOnce(db, Math.min(volatile, KEYS_PER_LOOP));
      sampled += r.sampled;
      expired += r.expired;
      if (performance.now() - t0 > budgetMs) return { sampled, expired, capped: true };
      if (r.expired * 100 <= r.sampled * ACCEPTABLE_STALE_PERC) return { sampled, expired, capped: false };
    }
  }

  /** Samples `want` keys from the db's live expiry iterator; expired ones are deleted. */
  private sampleOnce(db: Database, want: number): { sampled: number; expired: number } {
    const now = this.server.nowMs();
    let it = db.expireCursor ?? (db.expireCursor = db.expires.entries());
    let sampled = 0;
    let expired = 0;
    let ttlSum = 0;
    let ttlSamples = 0;
    let restarts = 0;
    while (sampled < want) {
      const r = it.next();
      if (r.done === true) {
        if (++restarts > 1) break;
        it = db.expireCursor = db.expires.entries();
        continue;
      }
      sampled++;
      const [key, when] = r.value;
      if (when <= now) {
        if (db.expireIfNeeded(key)) expired++;
      } else {
        ttlSum += when - now;
        ttlSamples++;
      }
    }
    if (ttlSamples > 0) {
      const avg = ttlSum / ttlSamples;
      db.avgTtlMs = db.avgTtlMs === 0 ? avg : (db.avgTtlMs / 50) * 49 + avg / 50;
    }
    return { sampled, expired };
  }
}

/** The server's active expiry state (created by installActiveExpire). */
export function activeExpireOf(server: Server): ActiveExpire | undefined {
  return server.modules.get('active-expire') as ActiveExpire | undefined;
}

/** Registers the cycle on the cron: runs every tick. */
export function installActiveExpire(server: Server): ActiveExpire {
  const ae = new ActiveExpire(server);
  server.modules.set('active-expire', ae);
  server.cron.add('active-expire', 0, () => {
    ae.cycle();
  });
  return ae;
}
