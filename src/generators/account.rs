//! Account generator (SPEC §7.3). `opened_at` is exposed because owners' `created_at` is the opening time
//! of their first account.

use super::Ctx;
use super::person;
use crate::layout::Owner;
use crate::time::{Timestamp, add_years, midnight};

/// Opening time of account `a` (its date is `opened_date`): after the owner's 18th birthday or
/// registration, 8% inside the window, the rest before it.
pub fn opened_at(ctx: &Ctx, a: u64) -> Timestamp {
    let mut rng = ctx.rng("account.opened", a);
    let earliest = match ctx.layout.account_owner(a) {
        Owner::Person(p) => add_years(person::core(ctx, p).date_of_birth, 18),
        Owner::Company(c) => super::company::core(ctx, c).registration_date,
    };
    let day = rng.between(earliest as i64, ctx.window.as_of_date as i64);
    midnight(day as i32) + rng.between(9 * 3600, 17 * 3600 - 1)
}
pub fn record(ctx: &Ctx, a: u64) -> crate::model::account::Account {
    crate::model::account::Account {
        id: ctx.account_id(a),
    }
}
