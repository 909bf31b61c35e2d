import { tagStep, runAction } from "@relm/github";

await runAction(tagStep);
