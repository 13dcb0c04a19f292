//! When an account opened: the one draw both the account record and its owner's `created_at` read.
//! Apart from `account` so the person generator can call it with the core it already holds, without
//! importing the account generator that imports it.

use super::Ctx;
use crate::core::time::{Date, Timestamp, add_years, date_of, midnight};

/// Longest tenure of an account opened before the window.
pub const MAX_TENURE_YEARS: i32 = 30;

/// `account::opened_at` given the owner's earliest possible opening date (so callers holding the owner's core
/// do not compute it twice).
pub fn opened_at_from(ctx: &Ctx, a: u64, earliest: Date) -> Timestamp {
    let mut rng = ctx.rng("account.opened", a);
    let start_date = date_of(ctx.window.start);
    let as_of = ctx.window.as_of_date;
    let earliest_before = earliest.max(add_years(start_date, -MAX_TENURE_YEARS));
    let inside = rng.chance(ctx.params.accounts.opened_in_window_share) || earliest >= start_date;
    let day = if inside {
        rng.between(earliest.max(start_date) as i64, as_of as i64)
    } else {
        rng.between(earliest_before as i64, start_date as i64 - 1)
    } as Date;
    let at = midnight(day) + rng.between(9 * 3600, 17 * 3600 - 1);
    if inside {
        at.clamp(ctx.window.start, ctx.window.end - 1)
    } else {
        at
    }
}
