//! Where encoded bytes go: the ordered parallel pipeline ([`pipeline`]), the output directory or discard
//! sink ([`sink`]), Parquet row groups ([`parquet`]) and the manifest written last ([`manifest`]). Knows
//! bytes, columns and files, not generators.

pub mod manifest;
pub mod parquet;
pub mod pipeline;
pub mod sink;
