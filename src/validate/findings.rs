//! The findings collector: per rule id a severity, a count and the first N examples as
//! `file:line: message`. Chunks of a file collect separately and are merged in file order, so the
//! examples are always the first ones in file order whatever the thread count.

use std::collections::BTreeMap;

/// E (exit 1) or W.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn letter(self) -> &'static str {
        match self {
            Severity::Error => "E",
            Severity::Warning => "W",
        }
    }
}

/// One example of a finding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Example {
    pub file: String,
    /// 1-based physical line; 0 when the finding is about the file or dataset as a whole.
    pub line: u64,
    pub message: String,
}

/// All findings of one rule.
#[derive(Clone, Debug)]
pub struct RuleFindings {
    pub severity: Severity,
    pub count: u64,
    pub examples: Vec<Example>,
}

/// The most characters an example message keeps: a finding quoting a 100 MB field must not make a
/// 100 MB report.
pub const MAX_MESSAGE_CHARS: usize = 200;

/// `message` cut to [`MAX_MESSAGE_CHARS`] characters, saying how much was left off.
fn capped(message: String) -> String {
    match message.char_indices().nth(MAX_MESSAGE_CHARS) {
        None => message,
        Some((cut, _)) => format!(
            "{}... ({} more bytes)",
            &message[..cut],
            message.len() - cut
        ),
    }
}

/// Findings keyed by rule id.
#[derive(Clone, Debug, Default)]
pub struct Findings {
    pub max_examples: usize,
    pub rules: BTreeMap<&'static str, RuleFindings>,
}

impl Findings {
    pub fn new(max_examples: usize) -> Findings {
        Findings {
            max_examples,
            rules: BTreeMap::new(),
        }
    }

    /// Records one finding; the message is only built while examples are still wanted.
    pub fn add(
        &mut self,
        rule: &'static str,
        severity: Severity,
        file: &str,
        line: u64,
        message: impl FnOnce() -> String,
    ) {
        let max = self.max_examples;
        let r = self.rules.entry(rule).or_insert(RuleFindings {
            severity,
            count: 0,
            examples: Vec::new(),
        });
        r.count += 1;
        if r.examples.len() < max {
            r.examples.push(Example {
                file: file.to_string(),
                line,
                message: capped(message()),
            });
        }
    }

    /// An error finding.
    pub fn error(
        &mut self,
        rule: &'static str,
        file: &str,
        line: u64,
        message: impl FnOnce() -> String,
    ) {
        self.add(rule, Severity::Error, file, line, message);
    }

    /// A warning finding.
    pub fn warn(
        &mut self,
        rule: &'static str,
        file: &str,
        line: u64,
        message: impl FnOnce() -> String,
    ) {
        self.add(rule, Severity::Warning, file, line, message);
    }

    /// Appends `later` (findings that come after these in file order).
    pub fn merge(&mut self, later: Findings) {
        for (rule, f) in later.rules {
            let max = self.max_examples;
            let r = self.rules.entry(rule).or_insert(RuleFindings {
                severity: f.severity,
                count: 0,
                examples: Vec::new(),
            });
            r.count += f.count;
            for e in f.examples {
                if r.examples.len() < max {
                    r.examples.push(e);
                }
            }
        }
    }

    /// The rules in report order: the manifest's (MAN-*) first, because a manifest that does not fit
    /// (another seed, a missing part) explains the findings of every other rule; then by id.
    pub fn in_report_order(&self) -> impl Iterator<Item = (&'static str, &RuleFindings)> {
        let (man, rest): (Vec<_>, Vec<_>) = self
            .rules
            .iter()
            .map(|(id, r)| (*id, r))
            .partition(|(id, _)| id.starts_with("MAN-"));
        man.into_iter().chain(rest)
    }

    pub fn count(&self, rule: &str) -> u64 {
        self.rules.get(rule).map_or(0, |r| r.count)
    }

    /// Total findings of a severity.
    pub fn total(&self, severity: Severity) -> u64 {
        self.rules
            .values()
            .filter(|r| r.severity == severity)
            .map(|r| r.count)
            .sum()
    }

    /// `--strict`: warnings become errors.
    pub fn make_strict(&mut self) {
        for r in self.rules.values_mut() {
            r.severity = Severity::Error;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merge_keeps_the_first_examples_in_order() {
        let mut a = Findings::new(2);
        a.error("REF-1", "f", 1, || "a".into());
        let mut b = Findings::new(2);
        b.error("REF-1", "f", 5, || "b".into());
        b.error("REF-1", "f", 6, || "c".into());
        a.merge(b);
        let r = &a.rules["REF-1"];
        assert_eq!(r.count, 3);
        assert_eq!(
            r.examples.iter().map(|e| e.line).collect::<Vec<_>>(),
            [1, 5]
        );
        assert_eq!(a.total(Severity::Error), 3);
    }
}
