/** The options actually given (undefined ones dropped), as a transform's `values`. */
export function given<T extends object>(options: T | undefined): T {
  return Object.fromEntries(Object.entries(options ?? {}).filter(([, v]) => v !== undefined)) as T;
}
