import { planStep, runAction } from "@relm/github";

await runAction(planStep);
