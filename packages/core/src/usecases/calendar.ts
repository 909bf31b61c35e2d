import { calendarOf, type Calendar } from "../calendar/index.ts";
import type { GatePolicy } from "../policy/gate-schema.ts";
import { gateSchema } from "../policy/gate-schema.ts";
import type { Registry } from "../ports/registry.ts";
import { verifyChain } from "../record/verify-chain.ts";

/** CALENDAR: the freeze windows of the policy and the releases and deployments of the registry's chain over a span. */
export async function releaseCalendar(span: { from: number; to: number; environment?: string }, ports: { registry?: Registry; policy: GatePolicy | undefined }): Promise<Calendar> {
  const chain = ports.registry ? verifyChain(await ports.registry.records(), await ports.registry.head()) : { records: [], events: [], entries: [], problems: [] };
  return calendarOf(ports.policy ?? gateSchema.parse({}), chain, span);
}
