//! IDENT-1..6 with the generator's own validators ([`crate::ident`]): IBAN length, registry shape,
//! mod-97 and the national check digits inside the BBAN (IDENT-1); BIC shape and country = the bank's country, which `bank_id` (`BNK-{cc}-{nnn}`)
//! names (IDENT-2); LEI mod-97 (IDENT-3); ABA checksum (IDENT-4); e-mail syntax
//! (IDENT-5); E.164 phone numbers with the country's calling code and length (IDENT-6).

use crate::ident::{aba, bic, email, iban, lei, phone};
use crate::validate::findings::Findings;
use crate::validate::json::Obj;
use crate::validate::state::Rec;

fn test(
    r: &Rec<'_, '_>,
    f: &mut Findings,
    obj: &Obj<'_>,
    rule: &'static str,
    name: &str,
    ok: fn(&str) -> bool,
) {
    if let Some(v) = obj.str(name)
        && !ok(v)
    {
        r.error(f, rule, || format!("{name} {v:?} is not valid"));
    }
}

fn phone_of(
    r: &Rec<'_, '_>,
    f: &mut Findings,
    number: Option<&str>,
    country: Option<&str>,
    name: &str,
) {
    let (Some(n), Some(c)) = (number, country) else {
        return;
    };
    let Some(id) = crate::refdata::country_by_code(c) else {
        return;
    };
    if !phone::is_valid(n, crate::refdata::country(id)) {
        r.error(f, "IDENT-6", || {
            format!("{name} {n:?} is not a valid E.164 number of {c}")
        });
    }
}

/// IDENT-1, naming which layer of the IBAN is wrong.
fn iban_of(r: &Rec<'_, '_>, f: &mut Findings) {
    if let Some(v) = r.obj.str("iban")
        && let Err(why) = iban::check(v)
    {
        r.error(f, "IDENT-1", || format!("iban {v:?} is not valid: {why}"));
    }
}

/// The country code of a bank id `BNK-{cc}-{nnn}`; None for any other shape.
fn bank_country(bank_id: &str) -> Option<&str> {
    let rest = bank_id.strip_prefix("BNK-")?;
    let (cc, serial) = rest.split_once('-')?;
    (cc.len() == 2
        && cc.bytes().all(|b| b.is_ascii_uppercase())
        && !serial.is_empty()
        && serial.bytes().all(|b| b.is_ascii_digit()))
    .then_some(cc)
}

/// IDENT-2: characters 5–6 of a well-formed BIC are the bank's country. A malformed BIC is reported
/// by the shape check alone, a malformed bank id is not this rule's concern.
fn bic_country(r: &Rec<'_, '_>, f: &mut Findings) {
    let (Some(code), Some(bank)) = (r.obj.str("swift_code"), r.obj.str("bank_id")) else {
        return;
    };
    if let Some(cc) = bank_country(bank)
        && bic::is_valid(code)
        && !bic::is_valid_in(code, cc)
    {
        r.error(f, "IDENT-2", || {
            format!(
                "swift_code {code:?} names country {}, the bank {bank} is in {cc}",
                &code[4..6]
            )
        });
    }
}

pub fn check(r: &Rec<'_, '_>, f: &mut Findings) {
    let o = r.obj;
    match r.stem() {
        "accounts" => {
            iban_of(r, f);
            test(r, f, o, "IDENT-2", "swift_code", bic::is_valid);
            bic_country(r, f);
            test(r, f, o, "IDENT-4", "routing_number", aba::is_valid);
        }
        "companies" => {
            test(r, f, o, "IDENT-3", "lei_code", lei::is_valid);
            test(r, f, o, "IDENT-5", "email", email::is_valid);
            phone_of(r, f, o.str("phone"), o.str("registration_country"), "phone");
        }
        "persons" => {
            for e in o.at("email_addresses").as_arr().unwrap_or(&[]) {
                if let Some(e) = e.as_obj() {
                    test(r, f, e, "IDENT-5", "email", email::is_valid);
                }
            }
            for p in o.at("phone_numbers").as_arr().unwrap_or(&[]) {
                if let Some(p) = p.as_obj() {
                    phone_of(
                        r,
                        f,
                        p.str("number"),
                        p.str("country_code"),
                        "phone_numbers.number",
                    );
                }
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn bank_ids_name_their_country() {
        assert_eq!(super::bank_country("BNK-GB-001"), Some("GB"));
        assert_eq!(super::bank_country("BNK-ZZ-12"), Some("ZZ"));
        for bad in [
            "",
            "BNK-",
            "BNK-GB",
            "BNK-GB-",
            "BNK-gb-001",
            "BNK-GBR-001",
            "BNK-GB-0a1",
            "ACC-GB-001",
        ] {
            assert_eq!(super::bank_country(bad), None, "{bad}");
        }
    }
}
