//! Part ranges (SPEC §5.5 S-2): part K of N covers rows ⌊(K−1)·R/N⌋ .. ⌊K·R/N⌋ of every file, so parts
//! are contiguous, cover everything once, and concatenate to the unsharded file.

/// Half-open row range of part `index` (1-based) of `count` over `rows` rows.
pub fn part_range(rows: u64, index: u32, count: u32) -> (u64, u64) {
    let at = |k: u64| ((rows as u128 * k as u128) / count.max(1) as u128) as u64;
    (at(index as u64 - 1), at(index as u64))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_tile_the_rows() {
        for rows in [0u64, 1, 7, 100, 1 << 40] {
            for count in [1u32, 3, 7, 16] {
                let mut next = 0;
                for index in 1..=count {
                    let (lo, hi) = part_range(rows, index, count);
                    assert_eq!(lo, next);
                    assert!(hi >= lo);
                    next = hi;
                }
                assert_eq!(next, rows);
            }
        }
    }
}
