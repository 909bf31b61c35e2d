import { reportStep, runAction } from "@relm/github";

await runAction(reportStep);
