/** Commander's accumulator for a repeatable option (`--approve a --approve b`). */
export const collect = (value: string, previous: string[]): string[] => [...previous, value];
