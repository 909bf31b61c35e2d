export { configSchema, type Config, type ConfigInput } from "./config-schema.ts";
export { loadConfig, defaultConfig, type LoadedConfig, type ConfigSource } from "./load-config.ts";
export { configJsonSchema } from "./json-schema.ts";
export { gateSchema, type GatePolicy } from "./gate-schema.ts";
