//! The rule families of SPEC §12, one module each, and the per-record dispatch. Every family reads a
//! record through [`Rec`] and reports into [`Findings`]; families that need the manifest (ids, the
//! seed, the window) or other files' facts run only when the context has them. A reference that does
//! not resolve is reported once (REF) and then treated as unknown, so one broken value does not cascade
//! into CONS or ALERT findings.

pub mod alert;
pub mod cons;
pub mod gt;
pub mod id;
pub mod ident;
pub mod inv;
pub mod links;
pub mod man;
pub mod range;
pub mod refs;
pub mod sch;

use super::findings::Findings;
use super::json::Obj;
use super::state::{Ctx, FileCtx, Out, Rec};
pub use crate::core::text::{parse_id, units};

/// Runs every applicable family on one record.
pub fn check_record(
    ctx: &Ctx,
    file: &FileCtx,
    line: u64,
    obj: &Obj<'_>,
    out: &mut Out,
    f: &mut Findings,
) {
    let r = Rec {
        ctx,
        file,
        line,
        obj,
        memo: Default::default(),
    };
    sch::check(&r, f);
    range::check(&r, f);
    ident::check(&r, f);
    if ctx.deep() {
        id::check(&r, out, f);
        refs::check(&r, out, f);
        cons::check(&r, f);
        alert::check(&r, f);
        gt::check(&r, out, f);
        if ctx.full {
            links::collect(&r, &mut out.links);
            if ctx.realism
                && let Some(o) = super::realism::observe(&r)
            {
                out.real.push(o);
            }
        }
        super::facts::collect(&r, out);
    }
}

/// Decimal places of a currency code.
pub fn places(code: &str) -> Option<u8> {
    crate::refdata::currency_by_code(code).map(|c| crate::refdata::currency(c).minor_units)
}

#[cfg(test)]
mod tests {
    use super::units;

    #[test]
    fn decimal_text_to_units() {
        assert_eq!(units("12.50", 2, true), Some(1250));
        assert_eq!(units("12.5", 2, true), None);
        assert_eq!(units("12.5", 2, false), Some(1250));
        assert_eq!(units("1500", 0, true), Some(1500));
        assert_eq!(units("-0.0001", 4, true), Some(-1));
        assert_eq!(units("1e5", 0, false), None);
        assert_eq!(units("99999999999999999999", 0, false), None);
        assert_eq!(units("1.", 0, false), None);
        assert_eq!(units("1.2.3", 2, false), None);
        assert_eq!(units("--1", 0, false), None);
        assert_eq!(units("-", 0, false), None);
        assert_eq!(units(".5", 1, false), None);
        assert_eq!(units("1.50", 1, false), Some(15));
        assert_eq!(units("1.55", 1, false), None);
        assert_eq!(units("1.50", 1, true), None);
        assert_eq!(units("922337203685477580.7", 1, true), Some(i64::MAX));
        assert_eq!(units("922337203685477580.8", 1, true), None);
    }

    #[test]
    fn fast_id_parse_agrees_with_the_codec() {
        let codec = crate::core::ids::IdCodec::new(7);
        for ns in crate::core::ids::Namespace::ALL {
            let text = codec.make(ns, 12_345).to_string();
            assert_eq!(
                super::parse_id(&text),
                crate::core::ids::IdCodec::parse(&text)
            );
        }
        for bad in [
            "",
            "PER-",
            "PER-0123456789ABCDEF",
            "XXX-0123456789abcdef",
            "PER_0123456789abcdef",
            "PER-0123456789abcdeg",
            "PER-0123456789abcde",
            "PER-0123456789abcdef0",
            "per-0123456789abcdef",
        ] {
            assert_eq!(super::parse_id(bad), None, "{bad}");
        }
    }
}
