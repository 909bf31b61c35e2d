// Owned by the gate (issue 3): the `policy:` part of .relm.yml.
import { z } from "zod";

export const gateSchema = z.strictObject({}).describe("Release policy: branches, freeze windows, checks, risk classes, environments.");
export type GatePolicy = z.infer<typeof gateSchema>;
