//! `otc_*` and `kyc_*`: the book, orders, escrow and KYC state for wallets and platform backends,
//! read through the runtime APIs `OtcEscrowApi` and `KycRegistryApi` at the best block or at a
//! given block hash. The JSON forms are in [`super::json`]; `docs/rpc.md` has examples.

use std::sync::Arc;

use jsonrpsee::{
	core::RpcResult,
	proc_macros::rpc,
	types::{error::INTERNAL_ERROR_CODE, ErrorObjectOwned},
};
use otc_runtime::{
	configs::AssetKind, opaque::Block, AccountId, Balance, BlockNumber, Hash, Runtime,
};
use pallet_kyc_registry::runtime_api::KycRegistryApi;
use pallet_otc_escrow::{runtime_api::OtcEscrowApi, AdvertId, AdvertOf, OrderId, OrderOf};
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;

use super::json::{
	invalid_params, parse_account, parse_currency, AdvertJson, AdvertPageJson, AssetParam,
	EscrowJson, KycStatusJson, OrderJson, SellerFilterParam, TradeStatsJson,
};

/// Adverts per page of `otc_adverts` when no limit is given.
pub const DEFAULT_PAGE: u32 = 20;

/// The OTC escrow and KYC reads. Every method takes an optional block hash as its last
/// parameter; without it, the best block is read.
#[rpc(server)]
pub trait OtcApi {
	/// The advert `id`, or `null` if there is none (never created, or closed and gone).
	#[method(name = "otc_advert")]
	fn advert(&self, id: AdvertId, at: Option<Hash>) -> RpcResult<Option<AdvertJson>>;

	/// A page of open adverts of `asset`, by ascending id: those with an id above `after`, in
	/// `currency` if given, at most `limit` (default 20, at most the runtime's cap, 100), of
	/// sellers whose records pass `sellers` if given (`{"minTrades": 10,
	/// "minCompletionRate": 9500}`, the rate in basis points over the last 30 days).
	#[method(name = "otc_adverts")]
	fn adverts(
		&self,
		asset: AssetParam,
		currency: Option<String>,
		after: Option<AdvertId>,
		limit: Option<u32>,
		sellers: Option<SellerFilterParam>,
		at: Option<Hash>,
	) -> RpcResult<AdvertPageJson>;

	/// The open order `id`, or `null` (unknown, or settled: the outcome is in its events).
	#[method(name = "otc_order")]
	fn order(&self, id: OrderId, at: Option<Hash>) -> RpcResult<Option<OrderJson>>;

	/// The adverts of the account (SS58).
	#[method(name = "otc_accountAdverts")]
	fn account_adverts(&self, account: String, at: Option<Hash>) -> RpcResult<Vec<AdvertJson>>;

	/// The open orders of the account (SS58), as buyer and as seller.
	#[method(name = "otc_accountOrders")]
	fn account_orders(&self, account: String, at: Option<Hash>) -> RpcResult<Vec<OrderJson>>;

	/// The escrow account, the trade fee and what escrow owes, keeps in fees and holds per
	/// asset.
	#[method(name = "otc_escrowTotals")]
	fn escrow_totals(&self, at: Option<Hash>) -> RpcResult<EscrowJson>;

	/// The trade record of the account (SS58), kept by the chain: trades bought and sold,
	/// cancellations, expiries, disputes opened and lost, average times to pay and to release,
	/// first and last trade, the last 30 days with completion and failure rates, the account's
	/// age and its volumes and open amounts per asset; all zero for an account that never
	/// traded.
	#[method(name = "otc_tradeStats")]
	fn trade_stats(&self, account: String, at: Option<Hash>) -> RpcResult<TradeStatsJson>;

	/// The KYC of the account (SS58): level, expiry, provider, suspension, pending request.
	#[method(name = "kyc_status")]
	fn kyc_status(&self, account: String, at: Option<Hash>) -> RpcResult<KycStatusJson>;
}

/// Serves [`OtcApiServer`] from a client.
pub struct Otc<C> {
	client: Arc<C>,
}

impl<C> Otc<C> {
	/// Reads through `client`.
	pub fn new(client: Arc<C>) -> Self {
		Self { client }
	}
}

fn api_error(e: impl std::fmt::Display) -> ErrorObjectOwned {
	ErrorObjectOwned::owned(
		INTERNAL_ERROR_CODE,
		format!("runtime API call failed: {e}"),
		None::<()>,
	)
}

impl<C> Otc<C>
where
	C: HeaderBackend<Block>,
{
	/// `at`, checked to be a block this node has, or the best block.
	fn block(&self, at: Option<Hash>) -> RpcResult<Hash> {
		let Some(hash) = at else { return Ok(self.client.info().best_hash) };
		match self.client.header(hash) {
			Ok(Some(_)) => Ok(hash),
			Ok(None) => Err(invalid_params(format!("unknown block {hash:?}"))),
			Err(e) => Err(api_error(e)),
		}
	}
}

impl<C> OtcApiServer for Otc<C>
where
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: OtcEscrowApi<
			Block,
			AccountId,
			AssetKind,
			Balance,
			BlockNumber,
			AdvertOf<Runtime>,
			OrderOf<Runtime>,
		> + KycRegistryApi<Block, AccountId>,
{
	fn advert(&self, id: AdvertId, at: Option<Hash>) -> RpcResult<Option<AdvertJson>> {
		let at = self.block(at)?;
		let advert = self.client.runtime_api().advert(at, id).map_err(api_error)?;
		Ok(advert.map(|a| AdvertJson::new(id, a)))
	}

	fn adverts(
		&self,
		asset: AssetParam,
		currency: Option<String>,
		after: Option<AdvertId>,
		limit: Option<u32>,
		sellers: Option<SellerFilterParam>,
		at: Option<Hash>,
	) -> RpcResult<AdvertPageJson> {
		let asset = asset.parse()?;
		let sellers = sellers.map(SellerFilterParam::parse).transpose()?.unwrap_or_default();
		let currency = currency.as_deref().map(parse_currency).transpose()?;
		let at = self.block(at)?;
		let api = self.client.runtime_api();
		let cap = api.max_page(at).map_err(api_error)?;
		let limit = limit.unwrap_or(DEFAULT_PAGE.min(cap));
		if limit == 0 || limit > cap {
			return Err(invalid_params(format!("limit {limit} is outside 1..={cap}")));
		}
		let page = api.adverts(at, asset, currency, sellers, after, limit).map_err(api_error)?;
		Ok(AdvertPageJson {
			adverts: page.adverts.into_iter().map(|(id, a)| AdvertJson::new(id, a)).collect(),
			next: page.next,
		})
	}

	fn order(&self, id: OrderId, at: Option<Hash>) -> RpcResult<Option<OrderJson>> {
		let at = self.block(at)?;
		let order = self.client.runtime_api().order(at, id).map_err(api_error)?;
		Ok(order.map(|o| OrderJson::new(id, o)))
	}

	fn account_adverts(&self, account: String, at: Option<Hash>) -> RpcResult<Vec<AdvertJson>> {
		let who = parse_account(&account)?;
		let at = self.block(at)?;
		let adverts = self.client.runtime_api().account_adverts(at, who).map_err(api_error)?;
		Ok(adverts.into_iter().map(|(id, a)| AdvertJson::new(id, a)).collect())
	}

	fn account_orders(&self, account: String, at: Option<Hash>) -> RpcResult<Vec<OrderJson>> {
		let who = parse_account(&account)?;
		let at = self.block(at)?;
		let orders = self.client.runtime_api().account_orders(at, who).map_err(api_error)?;
		Ok(orders.into_iter().map(|(id, o)| OrderJson::new(id, o)).collect())
	}

	fn escrow_totals(&self, at: Option<Hash>) -> RpcResult<EscrowJson> {
		let at = self.block(at)?;
		Ok(self.client.runtime_api().escrow(at).map_err(api_error)?.into())
	}

	fn trade_stats(&self, account: String, at: Option<Hash>) -> RpcResult<TradeStatsJson> {
		let who = parse_account(&account)?;
		let at = self.block(at)?;
		Ok(self.client.runtime_api().trade_stats(at, who).map_err(api_error)?.into())
	}

	fn kyc_status(&self, account: String, at: Option<Hash>) -> RpcResult<KycStatusJson> {
		let who = parse_account(&account)?;
		let at = self.block(at)?;
		let status = self.client.runtime_api().status(at, who.clone()).map_err(api_error)?;
		Ok(KycStatusJson::new(&who, status))
	}
}
