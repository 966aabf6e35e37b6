export interface SiteBuild {
  code: number | null;
  output: string;
}

export function buildSite(options?: {
  contentDir?: string;
  outDir?: string;
  cacheDir?: string;
  env?: Record<string, string>;
}): Promise<SiteBuild>;

export const repoRoot: string;
