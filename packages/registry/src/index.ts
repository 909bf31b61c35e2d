// The public face of @relm/registry: the release registry backends behind core's Registry port.
export { registryBackends, registerRegistryBackend, registrySchemeOf, openRegistry, type RegistryFactory } from "./backends.ts";
