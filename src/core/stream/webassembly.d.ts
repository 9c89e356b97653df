/**
 * The part of the WebAssembly JavaScript API that run-reader.ts uses. Node and Electron have it;
 * @types/node 20 does not declare it (and the DOM library does not belong in the main process).
 */
declare namespace WebAssembly {
  class Module {
    constructor(bytes: Uint8Array);
  }
  class Instance {
    constructor(module: Module, imports?: Record<string, Record<string, unknown>>);
    readonly exports: Record<string, unknown>;
  }
  class Memory {
    readonly buffer: ArrayBuffer;
  }
  class Global {
    readonly value: number;
  }
}
