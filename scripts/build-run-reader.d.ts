/** See build-run-reader.js. */
export declare function assembleRunReader(): Promise<Uint8Array>;
