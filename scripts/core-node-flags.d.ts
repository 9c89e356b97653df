/** See core-node-flags.js. */
export declare const CORE_NODE_FLAGS: readonly string[];
