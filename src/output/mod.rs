//! Where encoded bytes go: the ordered parallel pipeline ([`pipeline`]), the output directory or discard
//! sink ([`sink`]) and the manifest written last ([`manifest`]). Knows bytes and files, not generators.

pub mod manifest;
pub mod pipeline;
pub mod sink;
