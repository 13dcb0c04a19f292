//! The budgets file (`benches/budgets.toml`) and the verdict table: one row per bench with the
//! original's target (never scaled), the bankgen budget (scaled by `BANKGEN_BUDGET_FACTOR`) and what
//! was measured.

use serde::Deserialize;
use std::collections::BTreeMap;

/// What a bench measures; the unit decides whether lower or higher is better.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// Seconds per run (lower is better).
    Seconds,
    /// MiB of peak heap or peak RSS (lower is better).
    Mib,
    /// Rows per second (higher is better).
    PerSecond,
    /// A speed-up ratio (higher is better).
    Ratio,
}

impl Unit {
    fn higher_is_better(self) -> bool {
        matches!(self, Unit::PerSecond | Unit::Ratio)
    }

    /// A value in this unit, readable at a glance.
    pub fn show(self, v: f64) -> String {
        match self {
            Unit::Seconds if v < 1e-3 => format!("{:.2} µs", v * 1e6),
            Unit::Seconds if v < 1.0 => format!("{:.2} ms", v * 1e3),
            Unit::Seconds => format!("{v:.2} s"),
            Unit::Mib => format!("{v:.1} MiB"),
            Unit::PerSecond if v >= 1e6 => format!("{:.2} M/s", v / 1e6),
            Unit::PerSecond => format!("{:.0} k/s", v / 1e3),
            Unit::Ratio => format!("{v:.2}x"),
        }
    }

    /// A bound in this unit: `≤ x` or `≥ x`.
    fn bound(self, v: f64) -> String {
        let op = if self.higher_is_better() {
            "≥"
        } else {
            "≤"
        };
        format!("{op} {}", self.show(v))
    }
}

/// One row of `budgets.toml`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Budget {
    pub name: String,
    pub unit: Unit,
    /// The original's target (SPEC §15.1, or bankgen's own target for P-1..P-5); absent when the
    /// original had none.
    pub original: Option<f64>,
    /// The bankgen budget of the full gate, set from measurements.
    pub budget: f64,
    /// The bankgen budget of `--quick` where its workload is smaller than the full one.
    pub quick: Option<f64>,
    /// The target of `--quick` where its smaller workload makes the full one meaningless (pro rata).
    pub quick_original: Option<f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    bench: Vec<Budget>,
}

/// Reads the budgets file; one clear line on error.
pub fn load(path: &std::path::Path) -> Result<Vec<Budget>, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let file: File = toml::from_str(&text).map_err(|e| {
        let first = e.to_string().lines().next().unwrap_or_default().to_string();
        format!("{}: {first}", path.display())
    })?;
    Ok(file.bench)
}

/// Whether `measured` keeps within `bound` in `unit`.
fn within(unit: Unit, measured: f64, bound: f64) -> bool {
    if unit.higher_is_better() {
        measured >= bound
    } else {
        measured <= bound
    }
}

/// The bankgen budget after the factor: a factor of 3 allows 3× the time or memory, or a third of the
/// rate or speed-up.
fn scaled(unit: Unit, budget: f64, factor: f64) -> f64 {
    if unit.higher_is_better() {
        budget / factor
    } else {
        budget * factor
    }
}

/// How far a measurement is from a target, as "met" or "short N×".
fn against_original(unit: Unit, measured: f64, target: f64) -> String {
    if within(unit, measured, target) {
        return "met".into();
    }
    let short = if unit.higher_is_better() {
        target / measured
    } else {
        measured / target
    };
    format!("short {short:.1}x")
}

/// Prints the table of every budget row (and of any measurement without a row) and returns whether
/// every bench is within its bankgen budget.
pub fn report(
    budgets: &[Budget],
    measured: &BTreeMap<String, f64>,
    factor: f64,
    quick: bool,
) -> bool {
    let mut rows = vec![[
        "bench".to_string(),
        "measured".into(),
        "original target".into(),
        "bankgen budget".into(),
        "verdict".into(),
    ]];
    let mut pass = true;
    for b in budgets {
        let budget = scaled(
            b.unit,
            if quick {
                b.quick.unwrap_or(b.budget)
            } else {
                b.budget
            },
            factor,
        );
        let target = if quick {
            b.quick_original.or(b.original)
        } else {
            b.original
        };
        let original = target.map_or("—".into(), |o| b.unit.bound(o));
        let (shown, verdict) = match measured.get(&b.name) {
            None => {
                pass = false;
                ("not measured".into(), "FAIL (not measured)".into())
            }
            Some(&m) => {
                let ok = within(b.unit, m, budget);
                pass &= ok;
                let target = target.map_or(String::new(), |o| {
                    format!("; target {}", against_original(b.unit, m, o))
                });
                let head = if ok { "pass" } else { "FAIL" };
                (b.unit.show(m), format!("{head}{target}"))
            }
        };
        rows.push([
            b.name.clone(),
            shown,
            original,
            b.unit.bound(budget),
            verdict,
        ]);
    }
    for name in measured
        .keys()
        .filter(|n| !budgets.iter().any(|b| &b.name == *n))
    {
        pass = false;
        rows.push([
            name.clone(),
            format!("{}", measured[name]),
            "—".into(),
            "—".into(),
            "FAIL (no budget row)".into(),
        ]);
    }
    print_table(&rows);
    pass
}

/// Prints rows as a Markdown table with padded columns.
fn print_table(rows: &[[String; 5]]) {
    let width = |c: usize| rows.iter().map(|r| r[c].chars().count()).max().unwrap_or(0);
    let widths: Vec<usize> = (0..5).map(width).collect();
    for (i, row) in rows.iter().enumerate() {
        let cells: Vec<String> = row
            .iter()
            .zip(&widths)
            .map(|(cell, &w)| format!("{cell:<w$}"))
            .collect();
        println!("| {} |", cells.join(" | "));
        if i == 0 {
            let rule: Vec<String> = widths.iter().map(|&w| "-".repeat(w)).collect();
            println!("|-{}-|", rule.join("-|-"));
        }
    }
}
