fn main() {
	#[cfg(feature = "std")]
	{
		// As in the runtime's build script: the wasm build uses our workspace's Cargo.lock.
		if std::env::var_os("WASM_BUILD_WORKSPACE_HINT").is_none() {
			if let Some(root) = std::env::var_os("CARGO_MANIFEST_DIR")
				.map(std::path::PathBuf::from)
				.and_then(|dir| dir.ancestors().nth(2).map(|p| p.to_path_buf()))
			{
				std::env::set_var("WASM_BUILD_WORKSPACE_HINT", root);
			}
		}
		substrate_wasm_builder::WasmBuilder::build_using_defaults();
	}
}
