// Loading @relm/gitlab makes `gitlab-package:NAME` registry URLs usable (see packages/registry/backends.ts).
import { registerRegistryBackend } from "@relm/registry";
import { gitlabPackageRegistryFactory } from "./package-registry.ts";

registerRegistryBackend("gitlab-package", gitlabPackageRegistryFactory);
