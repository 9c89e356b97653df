/** See build-utf8-decoder.js. */
export declare function assembleUtf8Decoder(): Promise<Uint8Array>;
