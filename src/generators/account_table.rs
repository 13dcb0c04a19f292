//! The account facts table: every account's [`AccountCore`] computed once per run, in parallel, and
//! packed into 16 bytes. Event generators and the pattern planner ask for account cores millions of
//! times (Zipf hubs, random participant probes over all accounts); a table lookup replaces a fresh
//! derivation through the owner's core and two keyed streams. Each entry is exactly what
//! [`account::core`](super::account::core) would compute, so the table changes no byte of output.
//!
//! Cost: 16 bytes per account (4 M accounts, `--persons 2000000`, take 64 MB). A population whose owner
//! indices do not fit the packing gets no table and derives cores as before.

use super::Ctx;
use super::account::AccountCore;
use super::chunked::map_ranges;
use crate::core::time::Date;
use crate::model::account::{AccountStatus, AccountType};
use crate::population::layout::Owner;

/// Marks a company owner in [`Packed::owner`].
const COMPANY_BIT: u32 = 1 << 31;
/// [`Packed::closed`] of an account without a closing date.
const NO_CLOSING: Date = Date::MIN;
/// Accounts per chunk, the unit of parallel work (a power of two, so a lookup is a shift and a mask).
const CHUNK_BITS: u32 = 14;
const CHUNK: u64 = 1 << CHUNK_BITS;

/// One account's core in 16 bytes.
#[derive(Clone, Copy, Default)]
struct Packed {
    /// Owner index, with [`COMPANY_BIT`] for companies.
    owner: u32,
    opened: Date,
    closed: Date,
    country: u8,
    currency: u8,
    status: u8,
    /// Account type in the low bits, owner flags in bits 6 (high risk) and 7 (sanctioned).
    kind: u8,
}

const HIGH_RISK_BIT: u8 = 1 << 6;
const SANCTIONED_BIT: u8 = 1 << 7;

impl Packed {
    fn pack(core: &AccountCore) -> Packed {
        let owner = match core.owner {
            Owner::Person(p) => p as u32,
            Owner::Company(c) => c as u32 | COMPANY_BIT,
        };
        let mut kind = core.account_type as u8;
        if core.owner_high_risk {
            kind |= HIGH_RISK_BIT;
        }
        if core.owner_sanctioned {
            kind |= SANCTIONED_BIT;
        }
        Packed {
            owner,
            opened: core.opened_date,
            closed: core.closed_date.unwrap_or(NO_CLOSING),
            country: core.country,
            currency: core.currency,
            status: core.status as u8,
            kind,
        }
    }

    fn unpack(self) -> AccountCore {
        let index = (self.owner & !COMPANY_BIT) as u64;
        AccountCore {
            owner: if self.owner & COMPANY_BIT == 0 {
                Owner::Person(index)
            } else {
                Owner::Company(index)
            },
            country: self.country,
            currency: self.currency,
            status: AccountStatus::ALL[self.status as usize],
            account_type: AccountType::ALL
                [(self.kind & !(HIGH_RISK_BIT | SANCTIONED_BIT)) as usize],
            opened_date: self.opened,
            closed_date: (self.closed != NO_CLOSING).then_some(self.closed),
            owner_high_risk: self.kind & HIGH_RISK_BIT != 0,
            owner_sanctioned: self.kind & SANCTIONED_BIT != 0,
        }
    }
}

/// Every account's core, by account row (empty until [`AccountTable::build`]).
#[derive(Default)]
pub struct AccountTable {
    chunks: Vec<Vec<Packed>>,
}

impl AccountTable {
    /// Whether a population's owner indices fit the packing and its table the memory bound.
    fn fits(ctx: &Ctx) -> bool {
        let limit = COMPANY_BIT as u64;
        let bytes = ctx.layout.params.accounts * std::mem::size_of::<Packed>() as u64;
        bytes <= super::chunked::MAX_TABLE_BYTES
            && ctx.layout.params.persons < limit
            && ctx.layout.params.companies < limit
            && AccountType::ALL.len() <= HIGH_RISK_BIT as usize
    }

    /// The cores of every account of `ctx`, derived on `threads` threads (none when the population does
    /// not fit the packing). `derive` is the uncached derivation of one core.
    pub fn build(
        ctx: &Ctx,
        threads: usize,
        derive: impl Fn(&Ctx, u64) -> AccountCore + Sync,
    ) -> Self {
        if !Self::fits(ctx) {
            return AccountTable::default();
        }
        let chunks = map_ranges(ctx.layout.params.accounts, CHUNK, threads, |range| {
            range.map(|a| Packed::pack(&derive(ctx, a))).collect()
        });
        AccountTable { chunks }
    }

    /// The core of account row `a`, when the table holds it.
    #[inline]
    pub fn get(&self, a: u64) -> Option<AccountCore> {
        let chunk = self.chunks.get((a >> CHUNK_BITS) as usize)?;
        chunk.get((a & (CHUNK - 1)) as usize).map(|p| p.unpack())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generators::{account, test_ctx};

    #[test]
    fn the_table_holds_what_derivation_gives() {
        let mut ctx = test_ctx(7, 300, 60, 700, 90);
        let derived: Vec<AccountCore> = (0..700).map(|a| account::derive_core(&ctx, a)).collect();
        assert!(ctx.account_table.get(0).is_none());
        ctx.tabulate(3);
        for (a, core) in derived.iter().enumerate() {
            assert_eq!(ctx.account_table.get(a as u64).as_ref(), Some(core));
            assert_eq!(account::core(&ctx, a as u64), *core);
        }
        assert!(ctx.account_table.get(700).is_none());
        // Every packed field is exercised: both owner kinds, closing dates, the owner flags.
        assert!(derived.iter().any(|c| matches!(c.owner, Owner::Company(_))));
        assert!(derived.iter().any(|c| c.closed_date.is_some()));
        assert!(derived.iter().any(|c| c.owner_high_risk));
    }
}
