// TypeScript declares WebAssembly only in its DOM libraries, which would bring browser globals into a Node project.
// These are the parts sitrep uses, as the JavaScript API defines them.
declare namespace WebAssembly {
  // biome-ignore lint/suspicious/noEmptyInterface: opaque: sitrep only compiles a module and hands it to PGlite.
  interface Module {}
  function compile(bytes: ArrayBufferView | ArrayBuffer): Promise<Module>;
}
