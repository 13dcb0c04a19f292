//! Parquet (SPEC §11) through the `parquet` crate's low-level column writer: one file per entity and
//! part, nested lists as `LIST` columns and nested objects as groups (a dataset stays one file per
//! entity and reads as lists and structs in DuckDB, pandas, Polars and Spark), Snappy pages, row groups
//! of bounded size. Workers turn a chunk's records into column values ([`columns`]); the single
//! ordered writer appends them and encodes row groups (`output::parquet`), so the bytes never depend on the
//! thread count.

pub mod columns;
pub mod schema;

pub use columns::{Columns, write_record};
pub use schema::Schema;
