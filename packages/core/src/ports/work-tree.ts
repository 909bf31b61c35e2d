/** The files of the working tree, read by repository-relative path; the driver writes what a use case returns. */
export interface WorkTree {
  /** The file's text, undefined when it does not exist. */
  read(path: string): Promise<string | undefined>;
}
