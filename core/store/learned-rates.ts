/**
 * How fast each room heats and cools, as the runner learned it (automations/rooms/rate.ts): one
 * validated JSON row per room, written when a new sample was learned, read when the room's runtime
 * starts, so a restart does not begin learning again from the configured fallback.
 */
import { z } from 'zod';
import type { LearnedRateRepository, LearnedRates } from '../automations/rooms/rate';
import type { SqliteDatabase } from './database';
import { readJsonRows, type JsonRowSource, type ProblemSink } from './json-rows';

const Rate = z.number().min(-1000).max(1000).nullable();
const LearnedRate = z
  .object({
    rateCPerHour: Rate,
    byPart: z.object({ night: Rate, day: Rate, evening: Rate }).strict(),
    samples: z.number().int().min(0),
  })
  .strict();
export const LearnedRatesSchema = z.object({ heat: LearnedRate, cool: LearnedRate }).strict();

const SOURCE: JsonRowSource = {
  table: 'learned_rates',
  keyColumn: 'room_id',
  bodyColumn: 'rates',
  describe: (roomId) => `the learned heating and cooling rates of room "${roomId}"`,
  consequence: 'they are learned again',
};

export class LearnedRateStore implements LearnedRateRepository {
  private readonly upsert;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly now: () => number,
    private readonly report: ProblemSink,
  ) {
    this.upsert = db.prepare(
      `INSERT INTO learned_rates (room_id, rates, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (room_id) DO UPDATE SET rates = excluded.rates, updated_at = excluded.updated_at`,
    );
  }

  get(roomId: string): LearnedRates | undefined {
    return readJsonRows(this.db, SOURCE, LearnedRatesSchema, this.now, this.report, { key: roomId })[0]?.value;
  }

  put(roomId: string, rates: LearnedRates): void {
    const valid = LearnedRatesSchema.parse(rates);
    this.upsert.run(roomId, JSON.stringify(valid), this.now());
  }
}
