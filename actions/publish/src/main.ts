import { publishStep, runAction } from "@relm/github";

await runAction(publishStep);
