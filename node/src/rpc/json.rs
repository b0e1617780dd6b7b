//! The JSON forms of adverts, orders, escrow and KYC that the `otc_*` and `kyc_*` methods return,
//! and the parsing of their parameters.
//!
//! Conventions, for clients in any language:
//! - balances, prices and fiat totals are decimal strings (JavaScript numbers lose precision
//!   above 2^53); ids, block numbers and basis points are numbers;
//! - accounts are SS58 (the chain's prefix, 42);
//! - assets are `"native"` or the `pallet-assets` id as a decimal string;
//! - enums are their variant names (`"Open"`, `"AwaitingPayment"`, `"Verified"`);
//! - hashes are `0x`-prefixed hex.

use jsonrpsee::types::{error::INVALID_PARAMS_CODE, ErrorObjectOwned};
use otc_runtime::{configs::AssetKind, AccountId, Balance, BlockNumber, Runtime, SS58_FORMAT};
use pallet_kyc_registry::KycStatus;
use pallet_otc_escrow::{
	AdvertId, AdvertOf, Bps, CurrencyCode, EscrowSummary, OrderId, OrderOf, OrderStatus,
	SellerFilter, TradeStats, BPS_DENOMINATOR,
};
use serde::{Deserialize, Serialize};
use sp_core::{
	crypto::{Ss58AddressFormat, Ss58Codec},
	H256,
};

/// An `INVALID_PARAMS` error with `message`.
pub fn invalid_params(message: impl Into<String>) -> ErrorObjectOwned {
	ErrorObjectOwned::owned(INVALID_PARAMS_CODE, message.into(), None::<()>)
}

/// An account as SS58 with the chain's prefix.
pub fn ss58(who: &AccountId) -> String {
	who.to_ss58check_with_version(Ss58AddressFormat::custom(SS58_FORMAT))
}

/// Parses an SS58 address (any prefix).
pub fn parse_account(address: &str) -> Result<AccountId, ErrorObjectOwned> {
	AccountId::from_ss58check_with_version(address)
		.map(|(who, _)| who)
		.map_err(|e| invalid_params(format!("invalid SS58 address {address:?}: {e}")))
}

/// An asset parameter: `"native"`, an asset id, or an asset id as a decimal string.
#[derive(Clone, Debug, Deserialize)]
#[serde(untagged)]
pub enum AssetParam {
	/// A number: the `pallet-assets` id.
	Id(u64),
	/// `"native"` or a decimal asset id.
	Name(String),
}

impl AssetParam {
	/// The runtime's asset, or an error naming what is accepted.
	pub fn parse(&self) -> Result<AssetKind, ErrorObjectOwned> {
		let bad = |shown: String| {
			invalid_params(format!(
				"invalid asset {shown}: expected \"native\" or an asset id (0..={})",
				u32::MAX
			))
		};
		match self {
			AssetParam::Id(id) => {
				u32::try_from(*id).map(AssetKind::WithId).map_err(|_| bad(id.to_string()))
			},
			AssetParam::Name(name) if name.eq_ignore_ascii_case("native") => Ok(AssetKind::Native),
			AssetParam::Name(name) => {
				name.parse::<u32>().map(AssetKind::WithId).map_err(|_| bad(format!("{name:?}")))
			},
		}
	}
}

/// An asset as JSON: `"native"` or the id as a decimal string.
pub fn asset_name(asset: &AssetKind) -> String {
	match asset {
		AssetKind::Native => "native".into(),
		AssetKind::WithId(id) => id.to_string(),
	}
}

/// Parses a currency code: three upper-case ASCII letters.
pub fn parse_currency(code: &str) -> Result<CurrencyCode, ErrorObjectOwned> {
	let bytes = code.as_bytes();
	if bytes.len() == 3 && bytes.iter().all(u8::is_ascii_uppercase) {
		if let Ok(c) = CurrencyCode::try_from(bytes.to_vec()) {
			return Ok(c);
		}
	}
	Err(invalid_params(format!(
		"invalid currency {code:?}: expected three upper-case letters such as \"EUR\""
	)))
}

fn text(bytes: &[u8]) -> String {
	String::from_utf8_lossy(bytes).into_owned()
}

fn hex(hash: &H256) -> String {
	format!("{hash:?}")
}

fn name(value: impl std::fmt::Debug) -> String {
	format!("{value:?}")
}

/// An advert.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AdvertJson {
	pub id: AdvertId,
	pub seller: String,
	pub asset: String,
	/// Fiat price of one whole token, in minor units of `currency`.
	pub price: String,
	pub currency: String,
	pub min_order: String,
	pub max_order: String,
	pub available: String,
	pub in_orders: String,
	pub payment_methods: Vec<String>,
	pub payment_window: BlockNumber,
	pub min_buyer_level: String,
	pub terms_hash: Option<String>,
	/// Version of the terms: `openOrder` names it and is refused if they changed since.
	pub terms_version: u32,
	/// Native tokens a buyer puts on hold per order (in the smallest unit).
	pub buyer_bond: String,
	/// Native tokens the seller keeps on hold for the advert, as the terms ask.
	pub seller_bond: String,
	/// What the seller has on hold for it now: `sellerBond`, or 0 after a slash (the advert
	/// is paused until the seller resumes it).
	pub bond: String,
	pub status: String,
	pub open_orders: u32,
	/// Ids of its open orders, ascending.
	pub orders: Vec<OrderId>,
	/// What the advert asks of a buyer's record (`open_order` refuses a buyer who falls short).
	pub buyer_conditions: BuyerConditionsJson,
	pub created_at: BlockNumber,
}

/// An advert's conditions on buyers: `0` / `null` for none.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BuyerConditionsJson {
	/// Fewest completed trades (as buyer or seller).
	pub min_trades: u32,
	/// Highest share of the last 30 days' orders cancelled or expired, in basis points.
	pub max_failure_rate: Option<Bps>,
	/// Fewest blocks since the buyer's first KYC attestation or first completed trade.
	pub min_account_age: BlockNumber,
}

impl AdvertJson {
	pub fn new(id: AdvertId, a: AdvertOf<Runtime>) -> Self {
		let t = &a.terms;
		Self {
			id,
			seller: ss58(&a.seller),
			asset: asset_name(&a.asset),
			price: t.price.to_string(),
			currency: text(&t.currency),
			min_order: t.min_order.to_string(),
			max_order: t.max_order.to_string(),
			available: a.available.to_string(),
			in_orders: a.in_orders.to_string(),
			payment_methods: t.payment_methods.iter().map(|m| text(m)).collect(),
			payment_window: t.payment_window,
			min_buyer_level: name(t.min_buyer_level),
			terms_hash: t.terms_hash.as_ref().map(hex),
			terms_version: a.terms_version,
			buyer_bond: t.buyer_bond.to_string(),
			seller_bond: t.seller_bond.to_string(),
			bond: a.bond.to_string(),
			status: name(a.status),
			open_orders: a.open_orders(),
			orders: a.orders.to_vec(),
			buyer_conditions: BuyerConditionsJson {
				min_trades: t.buyer_conditions.min_trades,
				max_failure_rate: t.buyer_conditions.max_failure_bps,
				min_account_age: t.buyer_conditions.min_account_age,
			},
			created_at: a.created_at,
		}
	}
}

/// A page of the open book.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AdvertPageJson {
	pub adverts: Vec<AdvertJson>,
	/// Pass as `after` for the next page; `null` at the end of the book.
	pub next: Option<AdvertId>,
}

/// A dispute on an order.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DisputeJson {
	/// The party that opened it; `null`: the chain, when the seller let the release window
	/// pass.
	pub opened_by: Option<String>,
	pub opened_at: BlockNumber,
	/// Each party's evidence hash (`null` until given).
	pub buyer_evidence: Option<String>,
	pub seller_evidence: Option<String>,
	/// Who decides it now: `"Drawing"` (the arbiter is drawn in the next block),
	/// `"Assigned"` (`arbiter`), `"Arbiters"` (any arbiter who is no party) or `"Governance"`.
	pub stage: String,
	pub arbiter: Option<String>,
	/// The block from which it escalates, if it does.
	pub escalates_at: Option<BlockNumber>,
}

/// An open order. `status` is `"AwaitingPayment"`, `"Paid"` (with `paidAt` and `paymentRef`) or
/// `"Disputed"` (with those and `dispute`).
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderJson {
	pub id: OrderId,
	pub advert_id: AdvertId,
	pub seller: String,
	pub buyer: String,
	pub asset: String,
	pub amount: String,
	pub price: String,
	pub currency: String,
	/// Fiat the buyer owes, in minor units of `currency`.
	pub fiat_total: String,
	/// The trade fee in basis points, fixed when the order was opened.
	pub fee_bps: u16,
	pub payment_method: String,
	pub status: String,
	pub opened_at: BlockNumber,
	pub pay_by: BlockNumber,
	pub paid_at: Option<BlockNumber>,
	pub payment_ref: Option<String>,
	pub dispute: Option<DisputeJson>,
	/// Native tokens the buyer has on hold for it.
	pub bond: String,
	/// The block from which the chain acts on it by itself (expiry, dispute, arbiter draw,
	/// escalation); `null` once only governance can.
	pub deadline: Option<BlockNumber>,
}

impl OrderJson {
	pub fn new(id: OrderId, o: OrderOf<Runtime>) -> Self {
		use pallet_otc_escrow::DisputeStage;
		let deadline = o.deadline();
		let (status, paid_at, payment_ref, dispute) = match &o.status {
			OrderStatus::AwaitingPayment => ("AwaitingPayment", None, None, None),
			OrderStatus::Paid { at, payment_ref, .. } => ("Paid", Some(*at), *payment_ref, None),
			OrderStatus::Disputed(d) => {
				let (stage, arbiter, escalates_at) = match &d.stage {
					DisputeStage::Drawing => ("Drawing", None, None),
					DisputeStage::Assigned { arbiter, until } => {
						("Assigned", Some(ss58(arbiter)), Some(*until))
					},
					DisputeStage::Arbiters { until } => ("Arbiters", None, Some(*until)),
					DisputeStage::Governance => ("Governance", None, None),
				};
				let dispute = DisputeJson {
					opened_by: d.opened_by.as_ref().map(ss58),
					opened_at: d.opened_at,
					buyer_evidence: d.buyer_evidence.as_ref().map(hex),
					seller_evidence: d.seller_evidence.as_ref().map(hex),
					stage: stage.into(),
					arbiter,
					escalates_at,
				};
				("Disputed", Some(d.paid_at), d.payment_ref, Some(dispute))
			},
		};
		Self {
			id,
			advert_id: o.advert_id,
			seller: ss58(&o.seller),
			buyer: ss58(&o.buyer),
			asset: asset_name(&o.asset),
			amount: o.amount.to_string(),
			price: o.price.to_string(),
			currency: text(&o.currency),
			fiat_total: o.fiat_total.to_string(),
			fee_bps: o.fee_bps,
			payment_method: text(&o.payment_method),
			status: status.into(),
			opened_at: o.opened_at,
			pay_by: o.pay_by,
			paid_at,
			payment_ref: payment_ref.as_ref().map(hex),
			dispute,
			bond: o.bond.to_string(),
			deadline,
		}
	}
}

/// What escrow owes, keeps in fees, owes in claims and holds of one asset.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HoldingJson {
	pub asset: String,
	pub owed: String,
	pub fees: String,
	pub claims: String,
	pub held: String,
}

/// An account's trade record, as the chain keeps it, with what is derived from it.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TradeStatsJson {
	/// Trades completed as buyer and as seller.
	pub bought: u32,
	pub sold: u32,
	/// Orders cancelled and expired as buyer.
	pub cancelled: u32,
	pub expired: u32,
	/// Disputes it opened, and those decided with it at fault.
	pub disputes_opened: u32,
	pub disputes_lost: u32,
	/// Average blocks from opening an order to marking it paid (as buyer), and from a payment
	/// marked to its release (as seller); `null` without samples.
	pub avg_time_to_pay: Option<u64>,
	pub avg_time_to_release: Option<u64>,
	/// Blocks of its first and last completed trade.
	pub first_trade: Option<BlockNumber>,
	pub last_trade: Option<BlockNumber>,
	/// Blocks since its first KYC attestation or first completed trade.
	pub account_age: BlockNumber,
	/// The last 30 days.
	pub recent: RecentJson,
	/// Per asset: bought and sold (before the trade fee), open now as buyer and as seller.
	pub assets: Vec<AssetRecordJson>,
}

/// The orders of the last 30 days, with the rates adverts and the book filter check.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RecentJson {
	pub completed: u32,
	pub cancelled: u32,
	pub expired: u32,
	pub disputes_lost: u32,
	/// Completed of all orders, in basis points; `null` without orders.
	pub completion_rate: Option<Bps>,
	/// Cancelled and expired of all orders, in basis points.
	pub failure_rate: Bps,
}

/// What an account traded of one asset.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AssetRecordJson {
	pub asset: String,
	pub bought: String,
	pub sold: String,
	pub buying: String,
	pub selling: String,
}

impl From<TradeStats<AssetKind, Balance, BlockNumber>> for TradeStatsJson {
	fn from(s: TradeStats<AssetKind, Balance, BlockNumber>) -> Self {
		let r = s.record;
		Self {
			bought: r.bought,
			sold: r.sold,
			cancelled: r.cancelled,
			expired: r.expired,
			disputes_opened: r.disputes_opened,
			disputes_lost: r.disputes_lost,
			avg_time_to_pay: s.avg_time_to_pay,
			avg_time_to_release: s.avg_time_to_release,
			first_trade: r.first_trade,
			last_trade: r.last_trade,
			account_age: s.account_age,
			recent: RecentJson {
				completed: s.recent.completed,
				cancelled: s.recent.cancelled,
				expired: s.recent.expired,
				disputes_lost: s.recent.disputes_lost,
				completion_rate: s.completion_bps,
				failure_rate: s.failure_bps,
			},
			assets: s
				.assets
				.iter()
				.map(|(asset, a)| AssetRecordJson {
					asset: asset_name(asset),
					bought: a.bought.to_string(),
					sold: a.sold.to_string(),
					buying: a.buying.to_string(),
					selling: a.selling.to_string(),
				})
				.collect(),
		}
	}
}

/// The `sellers` filter of `otc_adverts`: both fields optional.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SellerFilterParam {
	/// Fewest completed trades.
	#[serde(default)]
	pub min_trades: u32,
	/// Lowest completion rate of the last 30 days, in basis points (0..=10000).
	pub min_completion_rate: Option<u32>,
}

impl SellerFilterParam {
	/// The runtime's filter, or an error for a rate above 10 000 bps.
	pub fn parse(self) -> Result<SellerFilter, ErrorObjectOwned> {
		let rate = self
			.min_completion_rate
			.map(|r| {
				Bps::try_from(r).ok().filter(|r| u32::from(*r) <= BPS_DENOMINATOR).ok_or_else(
					|| {
						invalid_params(format!(
							"minCompletionRate {r} is outside 0..=10000 (basis points)"
						))
					},
				)
			})
			.transpose()?;
		Ok(SellerFilter { min_trades: self.min_trades, min_completion_bps: rate })
	}
}

/// The escrow account and its holdings.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EscrowJson {
	pub account: String,
	pub fee_destination: String,
	pub trade_fee_bps: u16,
	pub holdings: Vec<HoldingJson>,
}

impl From<EscrowSummary<AccountId, AssetKind, Balance>> for EscrowJson {
	fn from(s: EscrowSummary<AccountId, AssetKind, Balance>) -> Self {
		Self {
			account: ss58(&s.account),
			fee_destination: ss58(&s.fee_destination),
			trade_fee_bps: s.trade_fee_bps,
			holdings: s
				.holdings
				.into_iter()
				.map(|h| HoldingJson {
					asset: asset_name(&h.asset),
					owed: h.owed.to_string(),
					fees: h.fees.to_string(),
					claims: h.claims.to_string(),
					held: h.held.to_string(),
				})
				.collect(),
		}
	}
}

/// An account's KYC.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct KycStatusJson {
	pub account: String,
	/// The level the chain's gates use now: `None` if suspended, expired or never attested.
	pub level: String,
	/// The attested level, whatever its expiry or suspension.
	pub attested_level: String,
	/// Expiry of the attestation in Unix seconds.
	pub expires_at: Option<u64>,
	pub provider: Option<String>,
	pub suspended: bool,
	/// Provider of a pending request.
	pub pending_request: Option<String>,
}

impl KycStatusJson {
	pub fn new(who: &AccountId, s: KycStatus<AccountId>) -> Self {
		Self {
			account: ss58(who),
			level: name(s.effective_level),
			attested_level: name(s.attested_level),
			expires_at: s.expires_at,
			provider: s.provider.as_ref().map(ss58),
			suspended: s.suspended,
			pending_request: s.pending_request.as_ref().map(ss58),
		}
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn assets_parse_from_names_numbers_and_strings() {
		let parse = |v: serde_json::Value| serde_json::from_value::<AssetParam>(v).unwrap().parse();
		assert_eq!(parse(serde_json::json!("native")).unwrap(), AssetKind::Native);
		assert_eq!(parse(serde_json::json!("Native")).unwrap(), AssetKind::Native);
		assert_eq!(parse(serde_json::json!(1)).unwrap(), AssetKind::WithId(1));
		assert_eq!(parse(serde_json::json!("7")).unwrap(), AssetKind::WithId(7));
		for bad in [
			serde_json::json!("gold"),
			serde_json::json!(u64::from(u32::MAX) + 1),
			serde_json::json!("-1"),
		] {
			let e = parse(bad).unwrap_err();
			assert_eq!(e.code(), INVALID_PARAMS_CODE);
			assert!(e.message().contains("invalid asset"), "{}", e.message());
		}
		assert_eq!(asset_name(&AssetKind::Native), "native");
		assert_eq!(asset_name(&AssetKind::WithId(1)), "1");
	}

	#[test]
	fn currencies_are_three_upper_case_letters() {
		assert_eq!(parse_currency("EUR").unwrap().to_vec(), b"EUR".to_vec());
		for bad in ["eur", "EURO", "E1R", "", "ÉUR"] {
			assert_eq!(parse_currency(bad).unwrap_err().code(), INVALID_PARAMS_CODE, "{bad}");
		}
	}

	#[test]
	fn accounts_round_trip_through_ss58_and_bad_ones_are_refused() {
		let alice = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";
		let who = parse_account(alice).unwrap();
		assert_eq!(ss58(&who), alice);
		for bad in ["", "5GrwvaEF", "not an address", "0x1234"] {
			let e = parse_account(bad).unwrap_err();
			assert_eq!(e.code(), INVALID_PARAMS_CODE);
			assert!(e.message().contains("invalid SS58 address"));
		}
	}
}
