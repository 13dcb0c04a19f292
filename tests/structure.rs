//! The crate's shape, checked from its source text (no tool beyond `cargo test`): imports go one way,
//! the record model depends on nothing above it, and no function outgrows a screenful.
//!
//! A module is a file under `src/` (`a/mod.rs` is `a`). Its imports are the `crate::…` and `super::…`
//! paths in its code, comments and `#[cfg(test)]` modules left out, each resolved to the longest module
//! it names. A child naming its own ancestor (`super::Item` from a `mod.rs` child) is not an edge: the
//! parent declares the child, so that pair is a tree, not a loop.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// The longest function allowed, in lines (signature to closing brace).
const MAX_FUNCTION_LINES: usize = 150;

/// Top-level modules the record model may import.
const MODEL_MAY_IMPORT: [&str; 2] = ["core", "model"];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Module path of a source file: `src/validate/rules/mod.rs` → `validate::rules`.
fn module_of(src: &Path, file: &Path) -> String {
    let relative = file.strip_prefix(src).unwrap().with_extension("");
    let mut parts: Vec<String> = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    parts.join("::")
}

/// The code of a file without comments and without its `#[cfg(test)]` items (the unit tests may reach
/// anywhere; only the shipped code is held to the layering).
fn shipped_code(text: &str) -> String {
    let mut code = String::new();
    let mut skip_depth: Option<usize> = None;
    let mut depth = 0usize;
    let mut test_attribute = false;
    for line in text.lines() {
        let trimmed = line.trim_start();
        let without_comment = match line.find("//") {
            Some(at) if !line[..at].contains('"') => &line[..at],
            _ => line,
        };
        let opens = without_comment.matches('{').count();
        let closes = without_comment.matches('}').count();
        if skip_depth.is_none() && test_attribute && !trimmed.starts_with("#[") {
            skip_depth = Some(depth);
            test_attribute = false;
        }
        if trimmed.starts_with("#[cfg(test)]") {
            test_attribute = true;
        }
        depth = (depth + opens).saturating_sub(closes);
        if let Some(d) = skip_depth {
            // The skipped item ends when its braces close again (or at once for a one-line item).
            if depth <= d && (closes > 0 || without_comment.trim_end().ends_with(';')) {
                skip_depth = None;
            }
            continue;
        }
        code.push_str(without_comment);
        code.push('\n');
    }
    code
}

/// Every `crate::`/`super::` path of `code` with its `{…}` groups expanded, as segment lists relative
/// to the crate root.
fn paths_in(code: &str, module: &str) -> Vec<Vec<String>> {
    let mut found = Vec::new();
    let bytes = code.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let rest = &code[i..];
        let start_ok = i == 0 || !(bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_');
        let root = if !start_ok {
            None
        } else if rest.starts_with("crate::") {
            Some((Vec::new(), "crate::".len()))
        } else if rest.starts_with("super::") {
            // `super` is the parent module, whether the module is `a/b.rs` or `a/b/mod.rs`.
            let mut base: Vec<String> = module.split("::").map(str::to_string).collect();
            base.pop();
            Some((base, "super::".len()))
        } else {
            None
        };
        let Some((mut base, skip)) = root else {
            i += rest.chars().next().map_or(1, char::len_utf8);
            continue;
        };
        let mut j = i + skip;
        while code[j..].starts_with("super::") {
            base.pop();
            j += "super::".len();
        }
        let end = j + path_text_len(&code[j..]);
        for tail in expand(&code[j..end]) {
            let mut full = base.clone();
            full.extend(tail);
            found.push(full);
        }
        i = end.max(i + 1);
    }
    found
}

/// Length of the path text at the start of `text`: identifiers, `::`, and balanced `{…}` groups.
fn path_text_len(text: &str) -> usize {
    let mut depth = 0usize;
    for (k, c) in text.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth > 0 => depth -= 1,
            c if c.is_alphanumeric() || c == '_' || c == ':' => {}
            c if depth > 0 && (c.is_whitespace() || c == ',' || c == '*') => {}
            _ if depth > 0 => {}
            _ => return k,
        }
        if depth == 0 && c == '}' {
            return k + 1;
        }
    }
    text.len()
}

/// `a::{b, c::{d, e}}` → `[a, b]`, `[a, c, d]`, `[a, c, e]` (a bare prefix too, for `a::{self}`).
fn expand(path: &str) -> Vec<Vec<String>> {
    let Some(open) = path.find('{') else {
        return vec![
            path.split("::")
                .filter(|s| !s.is_empty())
                .map(|s| s.trim().to_string())
                .collect(),
        ];
    };
    let head: Vec<String> = path[..open]
        .split("::")
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect();
    let inner = &path[open + 1..path.rfind('}').unwrap_or(path.len())];
    let mut items = Vec::new();
    let (mut depth, mut from) = (0usize, 0usize);
    for (k, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                items.push(&inner[from..k]);
                from = k + 1;
            }
            _ => {}
        }
    }
    items.push(&inner[from..]);
    let mut out = vec![head.clone()];
    for item in items {
        let item = item.split(" as ").next().unwrap().trim();
        if item.is_empty() || item == "self" || item == "*" {
            continue;
        }
        for tail in expand(item) {
            let mut full = head.clone();
            full.extend(tail);
            out.push(full);
        }
    }
    out
}

struct Crate {
    /// Module → the modules it imports.
    imports: BTreeMap<String, BTreeSet<String>>,
    /// (file, function, lines) of every function.
    functions: Vec<(String, String, usize)>,
}

fn read_crate() -> Crate {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let modules: BTreeMap<String, PathBuf> = files
        .iter()
        .map(|f| (module_of(&src, f), f.clone()))
        .collect();
    let resolve = |segments: &[String]| -> Option<String> {
        (1..=segments.len())
            .rev()
            .map(|n| segments[..n].join("::"))
            .find(|m| modules.contains_key(m))
    };
    let mut imports = BTreeMap::new();
    let mut functions = Vec::new();
    for (module, file) in &modules {
        let text = fs::read_to_string(file).unwrap();
        let code = shipped_code(&text);
        let targets: BTreeSet<String> = paths_in(&code, module)
            .iter()
            .filter_map(|p| resolve(p))
            .filter(|t| t != module && !module.starts_with(&format!("{t}::")))
            .collect();
        imports.insert(module.clone(), targets);
        functions.extend(function_lengths(&text).into_iter().map(|(name, lines)| {
            let shown = file.strip_prefix(&src).unwrap().display().to_string();
            (shown, name, lines)
        }));
    }
    Crate { imports, functions }
}

/// (name, lines) of each `fn` in rustfmt-formatted text: from the signature to the first line that is
/// the signature's indentation followed by `}`.
fn function_lengths(text: &str) -> Vec<(String, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let trimmed = line.trim_start();
        let indent = &line[..line.len() - trimmed.len()];
        let signature = [
            "pub ",
            "pub(crate) ",
            "pub(super) ",
            "const ",
            "unsafe ",
            "async ",
        ]
        .iter()
        .fold(trimmed, |t, p| t.strip_prefix(p).unwrap_or(t));
        let Some(name) = signature.strip_prefix("fn ") else {
            continue;
        };
        let name: String = name
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        if trimmed.ends_with(';') {
            continue;
        }
        let close = format!("{indent}}}");
        let end = (i..lines.len())
            .find(|&j| lines[j] == close || (j == i && trimmed.ends_with('}')))
            .unwrap_or(i);
        out.push((name, end - i + 1));
    }
    out
}

fn top(module: &str) -> &str {
    module.split("::").next().unwrap()
}

/// The strongly connected groups of more than one node (Tarjan), each sorted.
fn cycles(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    struct Walk<'a> {
        graph: &'a BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on_stack: BTreeSet<&'a str>,
        found: Vec<Vec<String>>,
    }
    impl<'a> Walk<'a> {
        fn visit(&mut self, v: &'a str) {
            let n = self.index.len();
            self.index.insert(v, n);
            self.low.insert(v, n);
            self.stack.push(v);
            self.on_stack.insert(v);
            for w in self.graph.get(v).into_iter().flatten() {
                let w = w.as_str();
                if !self.index.contains_key(w) {
                    self.visit(w);
                    let low = self.low[v].min(self.low[w]);
                    self.low.insert(v, low);
                } else if self.on_stack.contains(w) {
                    let low = self.low[v].min(self.index[w]);
                    self.low.insert(v, low);
                }
            }
            if self.low[v] == self.index[v] {
                let mut group = Vec::new();
                while let Some(w) = self.stack.pop() {
                    self.on_stack.remove(w);
                    group.push(w.to_string());
                    if w == v {
                        break;
                    }
                }
                if group.len() > 1 {
                    group.sort();
                    self.found.push(group);
                }
            }
        }
    }
    let mut walk = Walk {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        found: Vec::new(),
    };
    for v in graph.keys() {
        if !walk.index.contains_key(v.as_str()) {
            walk.visit(v);
        }
    }
    walk.found
}

#[test]
fn no_module_imports_a_module_that_imports_it_back() {
    let krate = read_crate();
    assert!(
        krate.imports.len() > 50,
        "read only {} modules",
        krate.imports.len()
    );
    let loops = cycles(&krate.imports);
    assert!(loops.is_empty(), "import loops between files: {loops:?}");
    let mut folders: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (from, targets) in &krate.imports {
        for to in targets {
            if top(from) != top(to) {
                folders
                    .entry(top(from).to_string())
                    .or_default()
                    .insert(top(to).to_string());
            }
        }
    }
    let loops = cycles(&folders);
    assert!(
        loops.is_empty(),
        "import loops between top-level modules: {loops:?} (graph {folders:?})"
    );
}

#[test]
fn the_model_imports_nothing_above_it() {
    let krate = read_crate();
    let upward: Vec<(&String, &String)> = krate
        .imports
        .iter()
        .filter(|(from, _)| top(from) == "model")
        .flat_map(|(from, targets)| targets.iter().map(move |t| (from, t)))
        .filter(|(_, to)| !MODEL_MAY_IMPORT.contains(&top(to)))
        .collect();
    assert!(
        krate.imports.keys().any(|m| m == "model::transaction"),
        "model modules not read"
    );
    assert!(upward.is_empty(), "model imports upward: {upward:?}");
}

#[test]
fn no_function_is_longer_than_a_screenful() {
    let krate = read_crate();
    assert!(
        krate.functions.len() > 500,
        "read only {} functions",
        krate.functions.len()
    );
    let long: Vec<_> = krate
        .functions
        .iter()
        .filter(|(_, _, lines)| *lines > MAX_FUNCTION_LINES)
        .collect();
    assert!(
        long.is_empty(),
        "functions over {MAX_FUNCTION_LINES} lines: {long:?}"
    );
}

#[test]
fn the_checker_sees_a_planted_loop_and_a_long_function() {
    let code = shipped_code(
        "use crate::b::Thing; // crate::c::Comment\n#[cfg(test)]\nmod tests {\n    use crate::d::X;\n}\nfn f() { super::e::g() }\n",
    );
    let paths = paths_in(&code, "a");
    assert_eq!(
        paths,
        vec![
            vec!["b".to_string(), "Thing".to_string()],
            vec!["e".to_string(), "g".to_string()]
        ]
    );
    let grouped = expand("x::{y, z::{self, w as v}}");
    assert!(grouped.contains(&vec!["x".into(), "z".into(), "w".into()]));
    let graph: BTreeMap<String, BTreeSet<String>> = [
        ("a", vec!["b"]),
        ("b", vec!["c"]),
        ("c", vec!["a"]),
        ("d", vec!["a"]),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.into_iter().map(str::to_string).collect()))
    .collect();
    assert_eq!(
        cycles(&graph),
        vec![vec!["a".to_string(), "b".into(), "c".into()]]
    );
    let long = format!("fn big() {{\n{}}}\n", "    x();\n".repeat(200));
    assert_eq!(function_lengths(&long), vec![("big".to_string(), 202)]);
}
