/** See core-node-flags.js. */
export declare const CORE_NODE_FLAGS: readonly string[];
export declare const CORE_NODE_ENV: Readonly<Record<string, string>>;
