//! The otc-chain runtime built with its `test-runtime` feature: `spec_version` one above the
//! runtime's and sessions of 10 blocks. Natively this crate is only [`WASM_BINARY`], which the
//! node tests propose as a runtime upgrade and run as a genesis runtime; in the wasm build it
//! links the runtime itself. Never deploy it.

#![cfg_attr(not(feature = "std"), no_std)]

#[cfg(feature = "std")]
include!(concat!(env!("OUT_DIR"), "/wasm_binary.rs"));

#[cfg(feature = "runtime-wasm")]
pub use otc_runtime;
