import { gateStep, runAction } from "@relm/github";

await runAction(gateStep);
