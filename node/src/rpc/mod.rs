//! JSON-RPC methods of `otc-node` beyond the standard Substrate set: `system_accountNextIndex`
//! (nonce including the pool), `payment_queryInfo` / `payment_queryFeeDetails` (fee estimates),
//! and the OTC reads `otc_*` / `kyc_*` ([`otc`], documented in `docs/rpc.md`).

pub mod json;
pub mod otc;

use std::sync::Arc;

use jsonrpsee::RpcModule;
use otc_runtime::{opaque::Block, AccountId, Balance, Hash, Nonce};
use pallet_transaction_payment::RuntimeDispatchInfo;
use sc_transaction_pool_api::TransactionPool;
use sp_api::ProvideRuntimeApi;
use sp_block_builder::BlockBuilder;
use sp_blockchain::{Error as BlockChainError, HeaderBackend, HeaderMetadata};

/// What the RPC methods need from the node.
pub struct FullDeps<C, P> {
	/// The client, to read state and call runtime APIs.
	pub client: Arc<C>,
	/// The transaction pool, for nonces that count pending transactions.
	pub pool: Arc<P>,
}

/// Builds the RPC module with every node-specific method.
pub fn create_full<C, P>(
	deps: FullDeps<C, P>,
) -> Result<RpcModule<()>, Box<dyn std::error::Error + Send + Sync>>
where
	C: ProvideRuntimeApi<Block>
		+ HeaderBackend<Block>
		+ HeaderMetadata<Block, Error = BlockChainError>
		+ Send
		+ Sync
		+ 'static,
	C::Api: substrate_frame_rpc_system::AccountNonceApi<Block, AccountId, Nonce>
		+ pallet_transaction_payment_rpc::TransactionPaymentRuntimeApi<Block, Balance>
		+ BlockBuilder<Block>,
	// The `otc_*` and `kyc_*` methods say which runtime APIs they read (`otc.rs`).
	otc::Otc<C>: otc::OtcApiServer,
	P: TransactionPool + 'static,
{
	use otc::{Otc, OtcApiServer};
	use pallet_transaction_payment_rpc::{TransactionPayment, TransactionPaymentApiServer};
	use substrate_frame_rpc_system::{System, SystemApiServer};

	let mut module = RpcModule::new(());
	let FullDeps { client, pool } = deps;

	module.merge(SystemApiServer::<Hash, AccountId, Nonce>::into_rpc(System::new(
		client.clone(),
		pool,
	)))?;
	module.merge(TransactionPaymentApiServer::<Hash, RuntimeDispatchInfo<Balance>>::into_rpc(
		TransactionPayment::new(client.clone()),
	))?;
	module.merge(Otc::new(client).into_rpc())?;

	Ok(module)
}
