fn main() {
	#[cfg(feature = "std")]
	{
		// The scripts build into a target directory outside the checkout, where the wasm builder
		// cannot find our workspace by walking up from its output directory. Point it at the
		// workspace so that the wasm runtime is built with the versions in our Cargo.lock. Set
		// here, for this build script only: other crates' wasm builds must not see it.
		if std::env::var_os("WASM_BUILD_WORKSPACE_HINT").is_none() {
			if let Some(root) = std::env::var_os("CARGO_MANIFEST_DIR")
				.map(std::path::PathBuf::from)
				.and_then(|dir| dir.parent().map(|p| p.to_path_buf()))
			{
				std::env::set_var("WASM_BUILD_WORKSPACE_HINT", root);
			}
		}
		substrate_wasm_builder::WasmBuilder::build_using_defaults();
	}
}
