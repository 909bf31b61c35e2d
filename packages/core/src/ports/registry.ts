// Owned by the registry work (issue 6): the release registry (Definitive Software Library) port.
export interface RegistryPort {
  /** A short name for messages: `file:.relm/registry`, `oci://host/repo`. */
  readonly location: string;
}
