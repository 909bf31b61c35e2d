import { prStep, runAction } from "@relm/github";

await runAction(prStep);
