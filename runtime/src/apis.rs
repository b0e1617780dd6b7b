//! The runtime APIs: what the node, polkadot.js and the platform backend call into the runtime.

use alloc::vec::Vec;
use frame_support::{
	genesis_builder_helper::{build_state, get_preset},
	weights::Weight,
};
use pallet_grandpa::AuthorityId as GrandpaId;
use sp_api::impl_runtime_apis;
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_core::{crypto::KeyTypeId, OpaqueMetadata};
use sp_runtime::{
	traits::{Block as BlockT, NumberFor},
	transaction_validity::{TransactionSource, TransactionValidity},
	ApplyExtrinsicResult, ExtrinsicInclusionMode,
};
use sp_version::RuntimeVersion;

use crate::opaque::SessionKeys;

use super::{
	configs::AssetKind, AccountId, Aura, Balance, Block, BlockNumber, Executive, Grandpa,
	InherentDataExt, KycRegistry, Nonce, OtcEscrow, Runtime, RuntimeCall, RuntimeGenesisConfig,
	System, TransactionPayment, VERSION,
};

impl_runtime_apis! {
	impl sp_api::Core<Block> for Runtime {
		fn version() -> RuntimeVersion {
			VERSION
		}

		fn execute_block(block: <Block as BlockT>::LazyBlock) {
			Executive::execute_block(block);
		}

		fn initialize_block(header: &<Block as BlockT>::Header) -> ExtrinsicInclusionMode {
			Executive::initialize_block(header)
		}
	}

	impl sp_api::Metadata<Block> for Runtime {
		fn metadata() -> OpaqueMetadata {
			OpaqueMetadata::new(Runtime::metadata().into())
		}

		fn metadata_at_version(version: u32) -> Option<OpaqueMetadata> {
			Runtime::metadata_at_version(version)
		}

		fn metadata_versions() -> Vec<u32> {
			Runtime::metadata_versions()
		}
	}

	impl frame_support::view_functions::runtime_api::RuntimeViewFunction<Block> for Runtime {
		fn execute_view_function(
			id: frame_support::view_functions::ViewFunctionId,
			input: Vec<u8>,
		) -> Result<Vec<u8>, frame_support::view_functions::ViewFunctionDispatchError> {
			Runtime::execute_view_function(id, input)
		}
	}

	impl sp_block_builder::BlockBuilder<Block> for Runtime {
		fn apply_extrinsic(extrinsic: <Block as BlockT>::Extrinsic) -> ApplyExtrinsicResult {
			Executive::apply_extrinsic(extrinsic)
		}

		fn finalize_block() -> <Block as BlockT>::Header {
			Executive::finalize_block()
		}

		fn inherent_extrinsics(data: sp_inherents::InherentData) -> Vec<<Block as BlockT>::Extrinsic> {
			data.create_extrinsics()
		}

		fn check_inherents(
			block: <Block as BlockT>::LazyBlock,
			data: sp_inherents::InherentData,
		) -> sp_inherents::CheckInherentsResult {
			data.check_extrinsics(&block)
		}
	}

	impl sp_transaction_pool::runtime_api::TaggedTransactionQueue<Block> for Runtime {
		fn validate_transaction(
			source: TransactionSource,
			tx: <Block as BlockT>::Extrinsic,
			block_hash: <Block as BlockT>::Hash,
		) -> TransactionValidity {
			Executive::validate_transaction(source, tx, block_hash)
		}
	}

	impl sp_offchain::OffchainWorkerApi<Block> for Runtime {
		fn offchain_worker(header: &<Block as BlockT>::Header) {
			Executive::offchain_worker(header)
		}
	}

	impl sp_consensus_aura::AuraApi<Block, AuraId> for Runtime {
		fn slot_duration() -> sp_consensus_aura::SlotDuration {
			sp_consensus_aura::SlotDuration::from_millis(Aura::slot_duration())
		}

		fn authorities() -> Vec<AuraId> {
			pallet_aura::Authorities::<Runtime>::get().into_inner()
		}
	}

	impl sp_session::SessionKeys<Block> for Runtime {
		fn generate_session_keys(
			owner: Vec<u8>,
			seed: Option<Vec<u8>>,
		) -> sp_session::OpaqueGeneratedSessionKeys {
			SessionKeys::generate(&owner, seed).into()
		}

		fn decode_session_keys(encoded: Vec<u8>) -> Option<Vec<(Vec<u8>, KeyTypeId)>> {
			SessionKeys::decode_into_raw_public_keys(&encoded)
		}
	}

	impl sp_consensus_grandpa::GrandpaApi<Block> for Runtime {
		fn grandpa_authorities() -> sp_consensus_grandpa::AuthorityList {
			Grandpa::grandpa_authorities()
		}

		fn current_set_id() -> sp_consensus_grandpa::SetId {
			Grandpa::current_set_id()
		}

		fn submit_report_equivocation_unsigned_extrinsic(
			_equivocation_proof: sp_consensus_grandpa::EquivocationProof<
				<Block as BlockT>::Hash,
				NumberFor<Block>,
			>,
			_key_owner_proof: sp_consensus_grandpa::OpaqueKeyOwnershipProof,
		) -> Option<()> {
			// Equivocation reports need a session/staking pallet to prove key ownership; this PoA
			// chain has none yet.
			None
		}

		fn generate_key_ownership_proof(
			_set_id: sp_consensus_grandpa::SetId,
			_authority_id: GrandpaId,
		) -> Option<sp_consensus_grandpa::OpaqueKeyOwnershipProof> {
			None
		}
	}

	impl frame_system_rpc_runtime_api::AccountNonceApi<Block, AccountId, Nonce> for Runtime {
		fn account_nonce(account: AccountId) -> Nonce {
			System::account_nonce(account)
		}
	}

	impl pallet_transaction_payment_rpc_runtime_api::TransactionPaymentApi<Block, Balance> for Runtime {
		fn query_info(
			uxt: <Block as BlockT>::Extrinsic,
			len: u32,
		) -> pallet_transaction_payment_rpc_runtime_api::RuntimeDispatchInfo<Balance> {
			TransactionPayment::query_info(uxt, len)
		}
		fn query_fee_details(
			uxt: <Block as BlockT>::Extrinsic,
			len: u32,
		) -> pallet_transaction_payment::FeeDetails<Balance> {
			TransactionPayment::query_fee_details(uxt, len)
		}
		fn query_weight_to_fee(weight: Weight) -> Balance {
			TransactionPayment::weight_to_fee(weight)
		}
		fn query_length_to_fee(length: u32) -> Balance {
			TransactionPayment::length_to_fee(length)
		}
	}

	impl pallet_transaction_payment_rpc_runtime_api::TransactionPaymentCallApi<Block, Balance, RuntimeCall>
		for Runtime
	{
		fn query_call_info(
			call: RuntimeCall,
			len: u32,
		) -> pallet_transaction_payment::RuntimeDispatchInfo<Balance> {
			TransactionPayment::query_call_info(call, len)
		}
		fn query_call_fee_details(
			call: RuntimeCall,
			len: u32,
		) -> pallet_transaction_payment::FeeDetails<Balance> {
			TransactionPayment::query_call_fee_details(call, len)
		}
		fn query_weight_to_fee(weight: Weight) -> Balance {
			TransactionPayment::weight_to_fee(weight)
		}
		fn query_length_to_fee(length: u32) -> Balance {
			TransactionPayment::length_to_fee(length)
		}
	}

	impl pallet_otc_escrow::runtime_api::OtcEscrowApi<
		Block,
		AccountId,
		AssetKind,
		Balance,
		BlockNumber,
		pallet_otc_escrow::AdvertOf<Runtime>,
		pallet_otc_escrow::OrderOf<Runtime>,
	> for Runtime {
		fn advert(id: pallet_otc_escrow::AdvertId) -> Option<pallet_otc_escrow::AdvertOf<Runtime>> {
			pallet_otc_escrow::Adverts::<Runtime>::get(id)
		}

		fn adverts(
			asset: AssetKind,
			currency: Option<pallet_otc_escrow::CurrencyCode>,
			sellers: pallet_otc_escrow::SellerFilter,
			after: Option<pallet_otc_escrow::AdvertId>,
			limit: u32,
		) -> pallet_otc_escrow::AdvertPage<pallet_otc_escrow::AdvertOf<Runtime>> {
			OtcEscrow::advert_page(asset, currency, sellers, after, limit)
		}

		fn order(id: pallet_otc_escrow::OrderId) -> Option<pallet_otc_escrow::OrderOf<Runtime>> {
			pallet_otc_escrow::Orders::<Runtime>::get(id)
		}

		fn account_adverts(
			who: AccountId,
		) -> Vec<(pallet_otc_escrow::AdvertId, pallet_otc_escrow::AdvertOf<Runtime>)> {
			OtcEscrow::account_adverts(&who)
		}

		fn account_orders(
			who: AccountId,
		) -> Vec<(pallet_otc_escrow::OrderId, pallet_otc_escrow::OrderOf<Runtime>)> {
			OtcEscrow::account_orders(&who)
		}

		fn escrow() -> pallet_otc_escrow::EscrowSummary<AccountId, AssetKind, Balance> {
			OtcEscrow::escrow_summary()
		}

		fn trade_stats(
			who: AccountId,
		) -> pallet_otc_escrow::TradeStats<AssetKind, Balance, BlockNumber> {
			OtcEscrow::trade_stats(&who)
		}

		fn max_page() -> u32 {
			pallet_otc_escrow::MAX_PAGE
		}
	}

	impl pallet_kyc_registry::runtime_api::KycRegistryApi<Block, AccountId> for Runtime {
		fn status(who: AccountId) -> pallet_kyc_registry::KycStatus<AccountId> {
			KycRegistry::status(&who)
		}

		fn level(who: AccountId) -> pallet_kyc_registry::KycLevel {
			KycRegistry::effective_level(&who)
		}
	}

	impl sp_genesis_builder::GenesisBuilder<Block> for Runtime {
		fn build_state(config: Vec<u8>) -> sp_genesis_builder::Result {
			build_state::<RuntimeGenesisConfig>(config)
		}

		fn get_preset(id: &Option<sp_genesis_builder::PresetId>) -> Option<Vec<u8>> {
			get_preset::<RuntimeGenesisConfig>(id, crate::genesis_config_presets::get_preset)
		}

		fn preset_names() -> Vec<sp_genesis_builder::PresetId> {
			crate::genesis_config_presets::preset_names()
		}
	}

	#[cfg(feature = "runtime-benchmarks")]
	impl frame_benchmarking::Benchmark<Block> for Runtime {
		fn benchmark_metadata(extra: bool) -> (
			Vec<frame_benchmarking::BenchmarkList>,
			Vec<frame_support::traits::StorageInfo>,
		) {
			use frame_benchmarking::BenchmarkList;
			use frame_support::traits::StorageInfoTrait;
			use frame_system_benchmarking::Pallet as SystemBench;
			use frame_benchmarking::baseline::Pallet as BaselineBench;
			use cumulus_pallet_session_benchmarking::Pallet as SessionBench;
			use frame_system_benchmarking::extensions::Pallet as SystemExtensionsBench;
			#[allow(unused_imports)]
			use crate::{
				Assets, Balances, CollatorSelection, Council, CouncilMembership, KycRegistry,
				OtcEscrow, Sudo, Timestamp, TransactionPayment, TxPause, Utility,
			};

			let mut list = Vec::<BenchmarkList>::new();
			list_benchmarks!(list, extra);

			let storage_info = crate::AllPalletsWithSystem::storage_info();
			(list, storage_info)
		}

		#[allow(non_local_definitions)]
		fn dispatch_benchmark(
			config: frame_benchmarking::BenchmarkConfig
		) -> Result<Vec<frame_benchmarking::BenchmarkBatch>, alloc::string::String> {
			use frame_benchmarking::{baseline, BenchmarkBatch};
			use frame_support::traits::WhitelistedStorageKeys;
			use frame_system_benchmarking::Pallet as SystemBench;
			use frame_benchmarking::baseline::Pallet as BaselineBench;
			use cumulus_pallet_session_benchmarking::Pallet as SessionBench;
			use frame_system_benchmarking::extensions::Pallet as SystemExtensionsBench;
			#[allow(unused_imports)]
			use crate::{
				Assets, Balances, CollatorSelection, Council, CouncilMembership, KycRegistry,
				OtcEscrow, Sudo, Timestamp, TransactionPayment, TxPause, Utility,
			};

			impl frame_system_benchmarking::Config for Runtime {}
			impl baseline::Config for Runtime {}

			let mut whitelist: Vec<_> = crate::AllPalletsWithSystem::whitelisted_storage_keys();
			// Keys that (nearly) every extrinsic of a block reads or writes, so that the database
			// pays for them once a block, not once an extrinsic: the timestamp, which the
			// block's timestamp inherent writes before any extrinsic, and the OTC escrow
			// account and the escrow's total of the native token, whose reads and writes the
			// escrow pallet's hook charges every block (`pallet_otc_escrow::weight`).
			whitelist.push(pallet_timestamp::Now::<Runtime>::hashed_key().to_vec().into());
			whitelist.push(
				frame_system::Account::<Runtime>::hashed_key_for(OtcEscrow::escrow_account()).into(),
			);
			let native = <crate::configs::NativeAssetKind as frame_support::traits::Get<AssetKind>>::get();
			whitelist.push(pallet_otc_escrow::EscrowTotals::<Runtime>::hashed_key_for(&native).into());
			whitelist.push(pallet_otc_escrow::Listings::<Runtime>::hashed_key_for(&native).into());
			// The same for the hot assets' escrow-side keys (`pallet_otc_escrow::Config::HotAssets`,
			// `EscrowAssetKeys` of them each): their listing, their escrow total, their details
			// and the escrow's account of them. The `pallet-assets` benchmarks use other asset ids.
			let escrow = OtcEscrow::escrow_account();
			let hot = <crate::configs::HotEscrowAssets as frame_support::traits::Get<&'static [AssetKind]>>::get();
			for asset in hot {
				whitelist.push(pallet_otc_escrow::EscrowTotals::<Runtime>::hashed_key_for(asset).into());
				whitelist.push(pallet_otc_escrow::Listings::<Runtime>::hashed_key_for(asset).into());
				if let AssetKind::WithId(id) = asset {
					whitelist.push(pallet_assets::Asset::<Runtime>::hashed_key_for(id).into());
					whitelist.push(pallet_assets::Account::<Runtime>::hashed_key_for(id, &escrow).into());
				}
			}

			let mut batches = Vec::<BenchmarkBatch>::new();
			let params = (&config, &whitelist);
			add_benchmarks!(params, batches);

			Ok(batches)
		}
	}
}
