// The public face of @relm/registry: the release registry backends behind core's Registry port.
import "./registry-from-config.ts";
export { registryBackends, registerRegistryBackend, registrySchemeOf, openRegistry, type RegistryFactory } from "./backends.ts";
export { fileRegistry } from "./file-backend.ts";
export { ociRegistry, type OciRegistryOptions } from "./oci/oci-backend.ts";
export { parseOciUrl } from "./oci/oci-url.ts";
export { artifactsFromFiles, mediaTypeOf } from "./local-artifacts.ts";
export { measure, digestOf } from "./hashing.ts";
export { chunkReaper } from "./memory-bound.ts";
export { withSpooledArtifact, type SpooledArtifact } from "./spooled-artifact.ts";
export { RELEASE_ARTIFACT_TYPE } from "./oci/oci-manifests.ts";
export { withUploadJournal, type LocalUpload } from "./upload-journal.ts";
