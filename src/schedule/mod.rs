//! When event records happen: time slices and intensity curves ([`slices`]) and what every event file
//! shares, its per-slice counts and the ordering and numbering of a slice ([`events`]).

pub mod events;
pub mod slices;
