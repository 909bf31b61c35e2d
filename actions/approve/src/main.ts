import { approveStep, runAction } from "@relm/github";

await runAction(approveStep);
