//! The account facts table: every account's [`AccountCore`] computed once per run, in parallel, and
//! packed into 8 bytes. Event generators and the pattern planner ask for account cores millions of
//! times (Zipf hubs, random participant probes over all accounts); a table lookup replaces a fresh
//! derivation through the owner's core and two keyed streams. Each entry is exactly what
//! [`account::core`](super::account::core) would compute, so the table changes no byte of output.
//!
//! Cost: 8 bytes per account (4 M accounts, `--persons 2000000`, take 32 MB; 20 M at `--scale 1000`
//! take 160 MB). The owner is not stored: the layout gives it in two keyed permutations. Dates are
//! days before the window's last date, within 179 years; a population with an account opened earlier
//! gets no table and derives cores as before.

use super::Ctx;
use super::account::AccountCore;
use super::chunked::map_ranges;
use crate::core::time::Date;
use crate::model::account::{AccountStatus, AccountType};
use crate::population::layout::Layout;

/// Accounts per chunk, the unit of parallel work (a power of two, so a lookup is a shift and a mask).
const CHUNK_BITS: u32 = 14;
const CHUNK: u64 = 1 << CHUNK_BITS;

/// [`Packed::bits`]: the status in bits 0–1, the account type in bits 2–4, then the owner flags.
const STATUS_BITS: u8 = 0b11;
const TYPE_SHIFT: u32 = 2;
const TYPE_BITS: u8 = 0b111;
const HIGH_RISK_BIT: u8 = 1 << 5;
const SANCTIONED_BIT: u8 = 1 << 6;

/// One account's core without its owner, in 8 bytes.
#[derive(Clone, Copy)]
struct Packed {
    /// Days from the opening date to the table's last date.
    opened: u16,
    /// Days from the closing date to the table's last date (0 unless the status is closed).
    closed: u16,
    country: u8,
    currency: u8,
    bits: u8,
}

impl Packed {
    /// The packing of `core` with dates counted back from `last`, or None when a date is out of reach.
    fn pack(core: &AccountCore, last: Date) -> Option<Packed> {
        let back = |d: Date| u16::try_from(last as i64 - d as i64).ok();
        let closed = match core.closed_date {
            Some(d) if core.status == AccountStatus::Closed => back(d)?,
            None if core.status != AccountStatus::Closed => 0,
            _ => return None,
        };
        let mut bits = core.status as u8 | (core.account_type as u8) << TYPE_SHIFT;
        if core.owner_high_risk {
            bits |= HIGH_RISK_BIT;
        }
        if core.owner_sanctioned {
            bits |= SANCTIONED_BIT;
        }
        Some(Packed {
            opened: back(core.opened_date)?,
            closed,
            country: core.country,
            currency: core.currency,
            bits,
        })
    }

    fn unpack(self, layout: &Layout, a: u64, last: Date) -> AccountCore {
        let status = AccountStatus::ALL[(self.bits & STATUS_BITS) as usize];
        AccountCore {
            owner: layout.account_owner(a),
            country: self.country,
            currency: self.currency,
            status,
            account_type: AccountType::ALL[((self.bits >> TYPE_SHIFT) & TYPE_BITS) as usize],
            opened_date: last - self.opened as Date,
            closed_date: (status == AccountStatus::Closed).then_some(last - self.closed as Date),
            owner_high_risk: self.bits & HIGH_RISK_BIT != 0,
            owner_sanctioned: self.bits & SANCTIONED_BIT != 0,
        }
    }
}

/// Every account's core, by account row (empty until [`AccountTable::build`]).
#[derive(Default)]
pub struct AccountTable {
    chunks: Vec<Vec<Packed>>,
    /// The date the packed dates count back from (the window's last date).
    last: Date,
}

impl AccountTable {
    /// Whether the packing holds every status and type, and the table fits the memory bound.
    fn fits(ctx: &Ctx) -> bool {
        let bytes = ctx.layout.params.accounts * std::mem::size_of::<Packed>() as u64;
        bytes <= super::chunked::MAX_TABLE_BYTES
            && AccountStatus::ALL.len() <= STATUS_BITS as usize + 1
            && AccountType::ALL.len() <= TYPE_BITS as usize + 1
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
        let last = ctx.window.as_of_date;
        let chunks = map_ranges(ctx.layout.params.accounts, CHUNK, threads, |range| {
            range
                .map(|a| Packed::pack(&derive(ctx, a), last))
                .collect::<Option<Vec<Packed>>>()
        });
        match chunks.into_iter().collect::<Option<Vec<_>>>() {
            Some(chunks) => AccountTable { chunks, last },
            None => AccountTable::default(),
        }
    }

    /// The core of account row `a` of `layout`, when the table holds it.
    #[inline]
    pub fn get(&self, layout: &Layout, a: u64) -> Option<AccountCore> {
        let chunk = self.chunks.get((a >> CHUNK_BITS) as usize)?;
        chunk
            .get((a & (CHUNK - 1)) as usize)
            .map(|p| p.unpack(layout, a, self.last))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generators::{account, test_ctx};
    use crate::population::layout::Owner;

    #[test]
    fn the_table_holds_what_derivation_gives() {
        let mut ctx = test_ctx(7, 300, 60, 700, 90);
        let derived: Vec<AccountCore> = (0..700).map(|a| account::derive_core(&ctx, a)).collect();
        assert!(ctx.account_table.get(&ctx.layout, 0).is_none());
        ctx.tabulate(3);
        for (a, core) in derived.iter().enumerate() {
            assert_eq!(
                ctx.account_table.get(&ctx.layout, a as u64).as_ref(),
                Some(core)
            );
            assert_eq!(account::core(&ctx, a as u64), *core);
        }
        assert!(ctx.account_table.get(&ctx.layout, 700).is_none());
        // Every packed field is exercised: both owner kinds, closing dates, the owner flags.
        assert!(derived.iter().any(|c| matches!(c.owner, Owner::Company(_))));
        assert!(derived.iter().any(|c| c.closed_date.is_some()));
        assert!(derived.iter().any(|c| c.owner_high_risk));
    }

    #[test]
    fn a_core_out_of_reach_of_the_packing_is_refused() {
        let ctx = test_ctx(7, 30, 6, 70, 90);
        let mut core = account::derive_core(&ctx, 0);
        let last = ctx.window.as_of_date;
        core.opened_date = last - 70_000;
        assert!(Packed::pack(&core, last).is_none());
        core.opened_date = last + 1;
        assert!(Packed::pack(&core, last).is_none());
        core.opened_date = last - 65_535;
        assert!(Packed::pack(&core, last).is_some());
    }
}
