//! The company facts table: every company's [`CompanyCore`] computed once per run, in parallel. Persons
//! read their employers' cores (names, industries), accounts their owners', relationships and event
//! files their parties'; employers are spread over all companies, so per-thread memos mostly miss and a
//! core was derived again and again (a name, a size and operating-country draw each time). Each entry is
//! exactly what [`company::core`](super::company::core) derives, so the table changes no byte.
//!
//! Cost: 20 bytes plus the legal name (about 25 bytes) per company. A company that does not fit the
//! packing leaves the run without a table, deriving cores as before.

use super::Ctx;
use super::chunked::map_ranges;
use super::company::CompanyCore;
use crate::core::time::Date;
use crate::model::common::{Industry, RiskLevel};
use crate::model::company::CompanyType;
use crate::refdata;

/// Companies per chunk (a power of two, so a lookup is a shift and a mask).
const CHUNK_BITS: u32 = 14;
const CHUNK: u64 = 1 << CHUNK_BITS;

const PUBLIC_BIT: u8 = 1 << 4;
const SHELL_BIT: u8 = 1 << 5;
const SANCTIONED_BIT: u8 = 1 << 6;

/// One company's core without its name, which lives in the chunk's text.
#[derive(Clone, Copy)]
struct Packed {
    name_start: u32,
    employee_count: u32,
    registration_date: Date,
    name_len: u16,
    country: u8,
    company_type: u8,
    industry: u8,
    /// Risk level in the low bits, then the public, shell and sanctioned flags.
    flags: u8,
}

/// The cores of one chunk of companies: packed facts and their names, back to back.
struct Chunk {
    cores: Vec<Packed>,
    names: String,
}

impl Chunk {
    /// The chunk of companies `range`, or None when one of them does not fit the packing.
    fn build(
        ctx: &Ctx,
        range: std::ops::Range<u64>,
        derive: &dyn Fn(&Ctx, u64) -> CompanyCore,
    ) -> Option<Chunk> {
        let mut chunk = Chunk {
            cores: Vec::with_capacity((range.end - range.start) as usize),
            names: String::new(),
        };
        for c in range {
            let core = derive(ctx, c);
            let mut flags = core.risk_level as u8;
            for (set, bit) in [
                (core.is_public, PUBLIC_BIT),
                (core.is_shell, SHELL_BIT),
                (core.is_sanctioned, SANCTIONED_BIT),
            ] {
                if set {
                    flags |= bit;
                }
            }
            chunk.cores.push(Packed {
                name_start: u32::try_from(chunk.names.len()).ok()?,
                employee_count: u32::try_from(core.employee_count).ok()?,
                registration_date: core.registration_date,
                name_len: u16::try_from(core.legal_name.len()).ok()?,
                country: core.country,
                company_type: core.company_type as u8,
                industry: core.industry as u8,
                flags,
            });
            chunk.names.push_str(&core.legal_name);
        }
        Some(chunk)
    }
}

/// Every company's core, by company row (empty until [`CompanyTable::build`]).
#[derive(Default)]
pub struct CompanyTable {
    chunks: Vec<Chunk>,
}

impl CompanyTable {
    /// The cores of every company of `ctx`, derived on `threads` threads. `derive` is the uncached
    /// derivation of one core.
    pub fn build(
        ctx: &Ctx,
        threads: usize,
        derive: impl Fn(&Ctx, u64) -> CompanyCore + Sync,
    ) -> CompanyTable {
        let companies = ctx.layout.params.companies;
        // A packed core plus its legal name (about 25 bytes) per company.
        let bytes = companies * (std::mem::size_of::<Packed>() as u64 + 32);
        if bytes > super::chunked::MAX_TABLE_BYTES {
            return CompanyTable::default();
        }
        let chunks = map_ranges(companies, CHUNK, threads, |range| {
            Chunk::build(ctx, range, &derive)
        });
        match chunks.into_iter().collect::<Option<Vec<Chunk>>>() {
            Some(chunks) => CompanyTable { chunks },
            None => CompanyTable::default(),
        }
    }

    /// The core of company row `c`, when the table holds it.
    #[inline]
    pub fn get(&self, c: u64) -> Option<CompanyCore> {
        let chunk = self.chunks.get((c >> CHUNK_BITS) as usize)?;
        let p = chunk.cores.get((c & (CHUNK - 1)) as usize)?;
        let start = p.name_start as usize;
        let risk_bits = p.flags & (PUBLIC_BIT - 1);
        Some(CompanyCore {
            index: c,
            country: p.country,
            currency: refdata::currency_of(p.country),
            legal_name: chunk.names[start..start + p.name_len as usize].to_string(),
            company_type: CompanyType::ALL[p.company_type as usize],
            employee_count: p.employee_count as u64,
            industry: Industry::ALL[p.industry as usize],
            registration_date: p.registration_date,
            is_public: p.flags & PUBLIC_BIT != 0,
            is_shell: p.flags & SHELL_BIT != 0,
            is_sanctioned: p.flags & SANCTIONED_BIT != 0,
            risk_level: RiskLevel::ALL[risk_bits as usize],
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::generators::{company, test_ctx};

    #[test]
    fn the_table_holds_what_derivation_gives() {
        let mut ctx = test_ctx(11, 400, 90, 900, 60);
        let derived: Vec<_> = (0..90).map(|c| company::derive_core(&ctx, c)).collect();
        assert!(ctx.company_table.get(0).is_none());
        ctx.tabulate(2);
        for (c, core) in derived.iter().enumerate() {
            assert_eq!(ctx.company_table.get(c as u64).as_ref(), Some(core));
            assert_eq!(company::core(&ctx, c as u64), *core);
        }
        assert!(ctx.company_table.get(90).is_none());
        assert!(derived.iter().any(|c| c.is_shell));
        assert!(derived.iter().any(|c| c.is_public));
    }
}
