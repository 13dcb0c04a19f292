//! Placeholder: the pattern plan (SPEC §5.4).
