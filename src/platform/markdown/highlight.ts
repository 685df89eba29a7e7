import hljs from 'highlight.js/lib/common';
import apache from 'highlight.js/lib/languages/apache';
import armasm from 'highlight.js/lib/languages/armasm';
import awk from 'highlight.js/lib/languages/awk';
import clojure from 'highlight.js/lib/languages/clojure';
import cmake from 'highlight.js/lib/languages/cmake';
import dart from 'highlight.js/lib/languages/dart';
import delphi from 'highlight.js/lib/languages/delphi';
import dockerfile from 'highlight.js/lib/languages/dockerfile';
import dos from 'highlight.js/lib/languages/dos';
import elixir from 'highlight.js/lib/languages/elixir';
import erlang from 'highlight.js/lib/languages/erlang';
import fortran from 'highlight.js/lib/languages/fortran';
import fsharp from 'highlight.js/lib/languages/fsharp';
import glsl from 'highlight.js/lib/languages/glsl';
import gradle from 'highlight.js/lib/languages/gradle';
import groovy from 'highlight.js/lib/languages/groovy';
import haskell from 'highlight.js/lib/languages/haskell';
import http from 'highlight.js/lib/languages/http';
import julia from 'highlight.js/lib/languages/julia';
import latex from 'highlight.js/lib/languages/latex';
import lisp from 'highlight.js/lib/languages/lisp';
import llvm from 'highlight.js/lib/languages/llvm';
import matlab from 'highlight.js/lib/languages/matlab';
import nginx from 'highlight.js/lib/languages/nginx';
import nix from 'highlight.js/lib/languages/nix';
import ocaml from 'highlight.js/lib/languages/ocaml';
import pgsql from 'highlight.js/lib/languages/pgsql';
import powershell from 'highlight.js/lib/languages/powershell';
import prolog from 'highlight.js/lib/languages/prolog';
import properties from 'highlight.js/lib/languages/properties';
import protobuf from 'highlight.js/lib/languages/protobuf';
import scala from 'highlight.js/lib/languages/scala';
import scheme from 'highlight.js/lib/languages/scheme';
import tcl from 'highlight.js/lib/languages/tcl';
import verilog from 'highlight.js/lib/languages/verilog';
import vhdl from 'highlight.js/lib/languages/vhdl';
import vim from 'highlight.js/lib/languages/vim';
import x86asm from 'highlight.js/lib/languages/x86asm';

// `lib/common` (~36 everyday languages) plus the ones a programmers' Q&A keeps meeting. The
// full build (190+ grammars) costs ~180 ms at every process start; this set costs a third.
const extraLanguages = {
  apache,
  armasm,
  awk,
  clojure,
  cmake,
  dart,
  delphi,
  dockerfile,
  dos,
  elixir,
  erlang,
  fortran,
  fsharp,
  glsl,
  gradle,
  groovy,
  haskell,
  http,
  julia,
  latex,
  lisp,
  llvm,
  matlab,
  nginx,
  nix,
  ocaml,
  pgsql,
  powershell,
  prolog,
  properties,
  protobuf,
  scala,
  scheme,
  tcl,
  verilog,
  vhdl,
  vim,
  x86asm,
};
for (const [name, language] of Object.entries(extraLanguages)) {
  if (!hljs.getLanguage(name)) hljs.registerLanguage(name, language);
}

/** The language name to highlight a fence with, or undefined when highlight.js does not know it. */
export function knownLanguage(name: string): string | undefined {
  const key = name.trim().toLowerCase();
  // Only names made of the characters real language names use, so `__proto__`-style keys or
  // markup never reach the class attribute or highlight.js' lookup tables.
  if (!/^[a-z0-9][a-z0-9_+#.-]{0,31}$/.test(key)) return undefined;
  return hljs.getLanguage(key) ? key : undefined;
}

/** Highlighted HTML (escaped text inside hljs spans) for code in a known language, or undefined. */
export function highlightCode(code: string, language: string): string | undefined {
  try {
    return hljs.highlight(code, { language, ignoreIllegals: true }).value;
  } catch {
    // A grammar bug must not take the page down: the caller falls back to plain escaped text.
    return undefined;
  }
}
