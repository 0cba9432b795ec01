/**
 * Eleventy 3 ships JavaScript with JSDoc, not declarations, so strict TypeScript sees `any`. This covers the
 * part of its API baokan uses: the programmatic class and the config methods called from .eleventy.ts.
 */
declare module "@11ty/eleventy" {
  export interface EleventyUserConfig {
    addFilter(name: string, fn: (...args: any[]) => unknown): void;
    getFilter(name: string): ((...args: any[]) => unknown) | undefined;
    addGlobalData(name: string, data: unknown): void;
    addPassthroughCopy(fileOrDir: string | Record<string, string>): void;
    setNunjucksEnvironmentOptions(options: Record<string, unknown>): void;
    setQuietMode(quiet: boolean): void;
    setDataDeepMerge(deep: boolean): void;
    globalData: Record<string, unknown>;
  }

  export interface EleventyOptions {
    configPath?: string;
    pathPrefix?: string;
    quietMode?: boolean;
    config?: (eleventyConfig: EleventyUserConfig) => void | Promise<void>;
  }

  export interface WriteResult {
    url: string | false;
    outputPath: string | false;
    inputPath: string;
  }

  export default class Eleventy {
    constructor(input?: string, output?: string, options?: EleventyOptions);
    disableLogger(): void;
    /** Resolves to [passthrough copies, rendered templates]. */
    write(): Promise<[unknown[], WriteResult[]]>;
  }
}
